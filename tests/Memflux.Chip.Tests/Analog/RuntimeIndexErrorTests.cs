using Memflux.Chip.Analog;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Chip.Tests.Analog;

/// <summary>
/// On the analog executor too, an index out of range in data the model computes is an error naming the model file
/// and the node (issue 18 §6): a MatMul on tiles, then a Gather whose indices are a graph input.
/// </summary>
public sealed class RuntimeIndexErrorTests
{
    [Fact]
    public void An_out_of_range_gather_index_names_the_file_and_the_node()
    {
        byte[] model = new OnnxModelBuilder(13).Input("x", [1, 6]).Input("i", [2], DataType.Int64)
            .Initializer("w", RandomTensors.Uniform(1, [6, 5]))
            .Node("MatMul", ["x", "w"], ["h"]).Node("Gather", ["h", "i"], ["y"], ("axis", 1L)).Output("y").Build();
        var graph = OnnxImporter.Load(model, "picked.onnx", new ImportOptions { Pipeline = PassPipeline.Default });
        var executor = new AnalogExecutor(graph, AnalogChip.Create(graph, AnalogPreset.Pcm, seed: 5));
        var inputs = new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(2, [1, 6]), ["i"] = Tensor.Vector(4, 5) };
        var e = Assert.Throws<MemfluxException>(() => executor.Run(inputs));
        Assert.StartsWith("picked.onnx: Gather node 'Gather_1' (opset 13): index 5 (at position 1 of input 1) is out of range for a dimension of size 5", e.Message, StringComparison.Ordinal);

        inputs["i"] = Tensor.Vector(4, -5); // in range: the analog MatMul ran, so the check above is the Gather's
        Assert.Equal(new TensorShape(1, 2), executor.Run(inputs)["y"].Shape);
    }
}
