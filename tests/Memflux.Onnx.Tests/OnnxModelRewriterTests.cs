using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Onnx.Tests;

public class OnnxModelRewriterTests
{
    private static readonly ImportOptions NoPasses = new() { Pipeline = new PassPipeline() };

    [Fact]
    public void Symbolic_batch_replaces_the_fixed_first_input_dimension()
    {
        byte[] model = new OnnxModelBuilder(opset: 14).Input("x", [1, 4]).Node("Relu", ["x"], ["y"]).Output("y").Build();
        byte[] rewritten = OnnxModelRewriter.WithSymbolicBatch(model, "m.onnx");

        var e = Assert.Throws<MemfluxException>(() => OnnxImporter.Load(rewritten, "m.onnx", NoPasses));
        Assert.Contains("symbolic 'batch'", e.Message, StringComparison.Ordinal);
        var graph = OnnxImporter.Load(rewritten, "m.onnx", new ImportOptions { BatchSize = 5 });
        Assert.Equal(new TensorShape(5, 4), graph.Outputs[0].Shape);
    }

    [Fact]
    public void Symbolic_batch_runs_in_onnx_runtime_at_another_batch()
    {
        byte[] model = new OnnxModelBuilder(opset: 14).Input("x", [1, 3]).Node("Relu", ["x"], ["y"]).Output("y").Build();
        var x = RandomTensors.Uniform(1, [4, 3]);
        var y = OrtOracle.Run(OnnxModelRewriter.WithSymbolicBatch(model, "m.onnx"), new Dictionary<string, Tensor> { ["x"] = x });
        Assert.Equal(new TensorShape(4, 3), y["y"].Shape);
    }

    [Fact]
    public void MatMul_factory_matches_onnx_runtime_shapes()
    {
        byte[] model = OnnxModelFactory.MatMul(3, 5, 2);
        var graph = OnnxImporter.Load(model, "matmul", NoPasses);
        Assert.Equal("MatMul", Assert.Single(graph.Nodes).OpType);
        Assert.Equal(["A", "B"], graph.Inputs.Select(i => i.Name));
        var y = OrtOracle.Run(model, new Dictionary<string, Tensor> { ["A"] = RandomTensors.Uniform(1, [3, 5]), ["B"] = RandomTensors.Uniform(2, [5, 2]) });
        Assert.Equal(new TensorShape(3, 2), y["Y"].Shape);
    }

    [Fact]
    public void Input_shapes_from_a_file_give_the_model_the_in_memory_rewrite_gives()
    {
        byte[] model = new OnnxModelBuilder(opset: 14)
            .Input("x", [1, 4])
            .Initializer("w", RandomTensors.Uniform(3, [4, 2]), raw: true)
            .Initializer("b", RandomTensors.Uniform(4, [2]))
            .Node("MatMul", ["x", "w"], ["h"])
            .Node("Add", ["h", "b"], ["y"])
            .Output("y")
            .Build();
        string path = Path.Combine(Directory.CreateTempSubdirectory("memflux-rewrite-").FullName, "m.onnx");
        File.WriteAllBytes(path, model);
        var shapes = new Dictionary<string, int[]> { ["x"] = [3, 4] };

        byte[] fromFile = OnnxModelRewriter.WithInputShapes(path, shapes);

        var expected = global::Onnx.ModelProto.Parser.ParseFrom(OnnxModelRewriter.WithInputShapes(model, path, shapes));
        Assert.Equal(expected, global::Onnx.ModelProto.Parser.ParseFrom(fromFile));
        var y = OrtOracle.Run(fromFile, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(5, [3, 4]) });
        Assert.Equal(new TensorShape(3, 2), y["y"].Shape);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void Garbage_is_a_clear_error()
    {
        var e = Assert.Throws<MemfluxException>(() => OnnxModelRewriter.WithSymbolicBatch([1, 2, 3], "junk.onnx"));
        Assert.StartsWith("junk.onnx:", e.Message, StringComparison.Ordinal);
    }
}
