using Memflux.Graph.Execution;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Graph.Tests;

/// <summary>
/// The executor recycles the buffers of dead intermediates into later outputs (<see cref="BufferPool"/>): results
/// handed back must never be touched again, and recycled buffers hold stale data that every kernel must overwrite.
/// Tensors here are above <see cref="BufferPool.MinLength"/>, so they are recycled.
/// </summary>
public class BufferRecyclingTests
{
    private static readonly int[] Dims = [2, 8, 32, 32];

    [Fact]
    public void Outputs_of_an_earlier_run_are_not_overwritten_by_a_later_run()
    {
        var model = new OnnxModelBuilder()
            .Input("x", Dims)
            .Node("Tanh", ["x"], ["s"])
            .Node("Sigmoid", ["s"], ["t"])
            .Node("Relu", ["t"], ["y"])
            .Node("Reshape", ["s", "flat"], ["v"])
            .Initializer("flat", Tensor.Vector(2, -1))
            .Output("y")
            .Output("v")
            .Build();
        var executor = new ReferenceExecutor(OnnxImporter.Load(model, "t.onnx"));

        var first = executor.Run(Feed(RandomTensors.Uniform(1, Dims)));
        var y = first["y"].Float32.ToArray();
        var v = first["v"].Float32.ToArray();
        for (int i = 0; i < 3; i++)
        {
            executor.Run(Feed(RandomTensors.Uniform(2 + i, Dims)));
        }

        Assert.Equal(y, first["y"].Float32.ToArray());
        Assert.Equal(v, first["v"].Float32.ToArray());
    }

    [Fact]
    public void Repeated_runs_on_recycled_buffers_equal_a_fresh_executor_and_ort()
    {
        // Every op here writes its output into a recycled buffer on the second run; one that relied on zeroed memory
        // (padding, a partial write) would differ from the fresh executor.
        var model = new OnnxModelBuilder()
            .Input("x", Dims)
            .Initializer("w", RandomTensors.Uniform(10, [8, 8, 3, 3]))
            .Initializer("pads", Tensor.Vector(0, 0, 1, 1, 0, 0, 1, 1))
            .Initializer("starts", Tensor.Vector(1))
            .Initializer("ends", Tensor.Vector(33))
            .Initializer("axes", Tensor.Vector(3))
            .Node("Conv", ["x", "w"], ["c"], ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("Tanh", ["c"], ["t"])
            .Node("Pad", ["t", "pads"], ["p"])
            .Node("MaxPool", ["p"], ["m"], ("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 1, 1 }))
            .Node("Concat", ["m", "t"], ["k"], ("axis", 1L))
            .Node("Slice", ["k", "starts", "ends", "axes"], ["y"])
            .Output("y")
            .Build();
        var graph = OnnxImporter.Load(model, "t.onnx");
        var executor = new ReferenceExecutor(graph);
        executor.Run(Feed(RandomTensors.Uniform(11, Dims)));
        var x = Feed(RandomTensors.Uniform(12, Dims));

        var recycled = executor.Run(x)["y"].Float32.ToArray();

        Assert.Equal(new ReferenceExecutor(graph).Run(x)["y"].Float32.ToArray(), recycled);
        OperatorCheck.MatchesOrt(model, x);
    }

    private static Dictionary<string, Tensor> Feed(Tensor x) => new() { ["x"] = x };
}
