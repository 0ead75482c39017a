using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class GatherTests
{
    public static TheoryData<int[], long, long[], int[]> Cases => new()
    {
        { new[] { 5, 3 }, 0L, new long[] { 4, 0, -1, 2 }, new[] { 4 } },
        { new[] { 5, 3 }, 1L, new long[] { 2, -3 }, new[] { 2 } },
        { new[] { 2, 3, 4 }, -1L, new long[] { 3, 0, 1, 1, 2, -4 }, new[] { 2, 3 } },
        { new[] { 2, 3, 4 }, 1L, new long[] { 1 }, Array.Empty<int>() },   // scalar index drops the axis
        { new[] { 7 }, 0L, new long[] { -7 }, Array.Empty<int>() },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Constant_indices_match_ort(int[] dims, long axis, long[] indices, int[] indexDims)
    {
        var model = new OnnxModelBuilder(13).Input("x", dims).Initializer("i", Tensor.FromInt64(indices, new TensorShape(indexDims)))
            .Node("Gather", ["x", "i"], ["y"], ("axis", axis)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X(dims));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Runtime_indices_and_int64_data_match_ort(int[] dims, long axis, long[] indices, int[] indexDims)
    {
        var model = new OnnxModelBuilder(11).Input("x", dims, DataType.Int64).Input("i", indexDims, DataType.Int64)
            .Node("Gather", ["x", "i"], ["y"], ("axis", axis)).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
        {
            ["x"] = RandomTensors.UniformInt64(1, dims),
            ["i"] = Tensor.FromInt64(indices, new TensorShape(indexDims)),
        });
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var axis = new OnnxModelBuilder(13).Input("x", [3, 2]).Initializer("i", Tensor.Vector(0)).Node("Gather", ["x", "i"], ["y"], ("axis", 2L)).Output("y").Build();
        OperatorCheck.ImportFails(axis, "Gather node", "axis 2 is out of range");
        var index = new OnnxModelBuilder(13).Input("x", [3, 2]).Input("i", [1], DataType.Int64).Node("Gather", ["x", "i"], ["y"]).Output("y").Build();
        OperatorCheck.RunFails(index, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(1, [3, 2]), ["i"] = Tensor.Vector(3) }, "index 3");
        var scalar = new OnnxModelBuilder(13).Input("x", []).Initializer("i", Tensor.Vector(0)).Node("Gather", ["x", "i"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(scalar, "rank 1 or more");
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_and_int32_indices_match_ort(DataType type)
    {
        var indices = Tensor.From(new[] { 2, -1, 0 }, new TensorShape(3));
        new NodeCase("Gather", 13).In(TypedTensors.Random(type, 1, [3, 4])).In(indices).Attr("axis", 1L).Out(type).MatchesOrt();
        new NodeCase("Gather", 11).In(TypedTensors.Random(type, 1, [3, 4])).Const(Tensor.Vector(1, -3)).Out(type).MatchesOrt();
    }
}
