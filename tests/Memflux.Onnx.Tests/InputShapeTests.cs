using Memflux.Numerics;
using Memflux.TestSupport;
using Onnx;
using static Memflux.Onnx.Tests.ModelFixtures;

namespace Memflux.Onnx.Tests;

public class InputShapeTests
{
    [Fact]
    public void Symbolic_dimensions_take_their_values_by_name_across_inputs()
    {
        var graph = OnnxImporter.Load(TokenModel(), "m.onnx", new ImportOptions { Dimensions = Dims(("batch", 2), ("sequence", 16)) });

        Assert.Equal(new TensorShape(2, 16), graph.Inputs[0].Shape);
        Assert.Equal(new TensorShape(2, 16), graph.Inputs[1].Shape);
        Assert.Equal(DataType.Int64, graph.Inputs[0].Type);
    }

    [Fact]
    public void A_whole_shape_overrides_the_declared_one()
    {
        var options = new ImportOptions { InputShapes = new Dictionary<string, int[]> { ["ids"] = [1, 8], ["mask"] = [1, 8] } };

        var graph = OnnxImporter.Load(TokenModel(), "m.onnx", options);

        Assert.Equal(new TensorShape(1, 8), graph.Outputs[0].Shape);
    }

    [Fact]
    public void Unresolved_symbol_error_lists_every_option_that_fixes_it()
    {
        string message = LoadError(TokenModel(), new ImportOptions { Dimensions = Dims(("batch", 1)) });

        Assert.Contains("graph input 'ids' dimension 1 is symbolic 'sequence'", message, StringComparison.Ordinal);
        Assert.Contains("--dim sequence=N", message, StringComparison.Ordinal);
        Assert.Contains("--shape ids=batchxsequence", message, StringComparison.Ordinal);
        Assert.DoesNotContain("--batch", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_static_first_dimension_is_kept_unless_the_batch_is_overridden()
    {
        var model = new OnnxModelBuilder(14).Input("x", [2, 5]).Node("Relu", ["x"], ["y"]).Output("y").Build();

        Assert.Equal(new TensorShape(2, 5), OnnxImporter.Load(model, "m.onnx", new ImportOptions { BatchSize = 1 }).Inputs[0].Shape);
        var overridden = OnnxImporter.Load(model, "m.onnx", new ImportOptions { BatchSize = 7, OverrideStaticBatch = true });
        Assert.Equal(new TensorShape(7, 5), overridden.Inputs[0].Shape);
    }

    [Fact]
    public void Names_that_match_nothing_are_errors()
    {
        var model = TokenModel();

        Assert.Contains("--shape names 'input_ids', which is not a graph input (inputs: ids, mask)",
            LoadError(model, new ImportOptions { Dimensions = Dims(("batch", 1), ("sequence", 4)), InputShapes = new Dictionary<string, int[]> { ["input_ids"] = [1, 4] } }),
            StringComparison.Ordinal);
        Assert.Contains("--dim names 'seq', which no graph input uses",
            LoadError(model, new ImportOptions { Dimensions = Dims(("batch", 1), ("sequence", 4), ("seq", 4)) }),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Shapes_of_the_wrong_rank_or_with_negative_dimensions_are_errors()
    {
        var model = TokenModel();
        var wrongRank = new ImportOptions { Dimensions = Dims(("batch", 1), ("sequence", 4)), InputShapes = new Dictionary<string, int[]> { ["ids"] = [4] } };
        Assert.Contains("has rank 2, but --shape ids=4 has rank 1", LoadError(model, wrongRank), StringComparison.Ordinal);
        Assert.Contains("a dimension cannot be negative", LoadError(model, new ImportOptions { Dimensions = Dims(("batch", -1), ("sequence", 4)) }), StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_given_as_an_input_resolves_from_its_value_and_the_graph_accepts_only_that_value()
    {
        var model = new OnnxModelBuilder(14).Input("x", [2, 6]).Input("s", [2], DataType.Int64)
            .Node("Reshape", ["x", "s"], ["y"]).Output("y").Build();
        Assert.Contains("computed at run time", LoadError(model), StringComparison.Ordinal);

        var shape = Tensor.Vector(3, -1);
        var graph = OnnxImporter.Load(model, "m.onnx", new ImportOptions { Pipeline = Graph.Passes.PassPipeline.Default, InputValues = new Dictionary<string, Tensor> { ["s"] = shape } });
        Assert.Equal(new TensorShape(3, 4), graph.Outputs[0].Shape);
        var x = TestSupport.RandomTensors.Uniform(1, [2, 6]);
        var y = new Graph.Execution.ReferenceExecutor(graph).Run(new Dictionary<string, Tensor> { ["x"] = x, ["s"] = shape })["y"];
        Assert.Equal(x.Float32.ToArray(), y.Float32.ToArray());

        var other = Assert.Throws<MemfluxException>(() => new Graph.Execution.ReferenceExecutor(graph).Run(new Dictionary<string, Tensor> { ["x"] = x, ["s"] = Tensor.Vector(4, -1) }));
        Assert.Contains("imported for the values of input 's'", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float_data_is_never_computed_from_input_values_at_import()
    {
        // Index 9 is outside the 5-row table: computing the Gather at import would fail there. Only the integer Shape of
        // ids may be computed from the value; the Gather's float output is left to run time, where the index fails.
        var model = new OnnxModelBuilder(14).Input("ids", [3], DataType.Int64).Initializer("t", TestSupport.RandomTensors.Uniform(2, [5, 2]))
            .Node("Gather", ["t", "ids"], ["e"]).Node("Shape", ["ids"], ["n"]).Output("e").Output("n", DataType.Int64).Build();
        var ids = Tensor.Vector(0, 9, 2);
        var graph = OnnxImporter.Load(model, "m.onnx", new ImportOptions { InputValues = new Dictionary<string, Tensor> { ["ids"] = ids } });

        Assert.True(graph.SpecializedInputs.ContainsKey(graph.Inputs[0]));
        var e = Assert.Throws<MemfluxException>(() => new Graph.Execution.ReferenceExecutor(graph).Run(new Dictionary<string, Tensor> { ["ids"] = ids }));
        Assert.Contains("index 9", e.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, int> Dims(params (string Name, int Value)[] dims) => dims.ToDictionary(d => d.Name, d => d.Value);

    /// <summary>ids, mask: int64 [batch, sequence] → ids + mask, as exporters of token models declare them.</summary>
    private static byte[] TokenModel()
    {
        var builder = new OnnxModelBuilder(14).Input("ids", [1, 1], DataType.Int64).Input("mask", [1, 1], DataType.Int64)
            .Node("Add", ["ids", "mask"], ["y"]).Output("y", DataType.Int64);
        return Edit(builder, m =>
        {
            foreach (var input in m.Graph.Input)
            {
                input.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
                input.Type.TensorType.Shape.Dim[1] = new TensorShapeProto.Types.Dimension { DimParam = "sequence" };
            }
        });
    }
}
