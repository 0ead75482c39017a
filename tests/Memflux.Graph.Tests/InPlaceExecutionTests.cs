using Memflux.Graph.Execution;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Graph.Tests;

/// <summary>The executor lets Relu/Add overwrite an input buffer only when nothing else can see it.</summary>
public class InPlaceExecutionTests
{
    private static readonly int[] Dims = [2, 3, 5];

    [Fact]
    public void Caller_inputs_are_never_overwritten()
    {
        var model = new OnnxModelBuilder().Input("x", Dims).Node("Relu", ["x"], ["y"]).Output("y").Build();
        var x = RandomTensors.Uniform(1, Dims);
        var before = x.Float32.ToArray();

        RunAndCompare(model, x);

        Assert.Equal(before, x.Float32.ToArray());
    }

    [Fact]
    public void A_value_read_again_later_is_not_overwritten()
    {
        // r feeds Relu (which could run in place) and, later, Add: the second read must see r, not relu(r).
        var model = new OnnxModelBuilder()
            .Input("x", Dims)
            .Node("Tanh", ["x"], ["r"]) // negative values, so relu(r) differs from r
            .Node("Relu", ["r"], ["a"])
            .Node("Add", ["a", "r"], ["y"])
            .Output("y")
            .Build();
        RunAndCompare(model, RandomTensors.Uniform(2, Dims));
    }

    [Fact]
    public void A_view_sharing_a_live_buffer_is_not_overwritten()
    {
        // v is a Reshape view of s; Relu(v) must not write into s while Add still reads s.
        var model = new OnnxModelBuilder()
            .Input("x", Dims)
            .Initializer("shape", Tensor.Vector(6, 5))
            .Node("Tanh", ["x"], ["s"])
            .Node("Reshape", ["s", "shape"], ["v"])
            .Node("Relu", ["v"], ["rv"])
            .Node("Reshape", ["rv", "back"], ["r"])
            .Initializer("back", Tensor.Vector(2, 3, 5))
            .Node("Add", ["r", "s"], ["y"])
            .Output("y")
            .Build();
        RunAndCompare(model, RandomTensors.Uniform(3, Dims));
    }

    [Fact]
    public void Constants_seen_through_a_view_are_not_overwritten()
    {
        var w = RandomTensors.Uniform(4, [6, 5]);
        var model = new OnnxModelBuilder()
            .Input("x", Dims)
            .Initializer("w", w)
            .Initializer("shape", Tensor.Vector(2, 3, 5))
            .Node("Reshape", ["w", "shape"], ["wv"])
            .Node("Relu", ["wv"], ["rw"])
            .Node("Add", ["rw", "x"], ["y"])
            .Output("y")
            .Build();
        var graph = OnnxImporter.Load(model, "t.onnx");
        var before = graph.FindValue("w")!.Constant!.Float32.ToArray();

        RunAndCompare(model, RandomTensors.Uniform(5, Dims));
        new ReferenceExecutor(graph).Run(new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(5, Dims) });

        Assert.Equal(before, graph.FindValue("w")!.Constant!.Float32.ToArray());
    }

    [Fact]
    public void Chains_run_in_place_and_still_match_ort()
    {
        var model = new OnnxModelBuilder()
            .Input("x", Dims)
            .Input("b", [5])
            .Node("Sigmoid", ["x"], ["s"])
            .Node("Add", ["s", "b"], ["t"])
            .Node("Relu", ["t"], ["u"])
            .Node("Add", ["u", "u"], ["y"])
            .Output("y")
            .Build();
        var inputs = new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(6, Dims), ["b"] = RandomTensors.Uniform(7, [5]) };
        OperatorCheck.MatchesOrt(model, inputs);
    }

    private static void RunAndCompare(byte[] model, Tensor x) =>
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x });
}
