using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class ScatterNDTests
{
    [Theory]
    [InlineData(11, "none")]
    [InlineData(13, "none")]
    [InlineData(16, "none")]
    [InlineData(16, "add")]
    [InlineData(16, "mul")]
    [InlineData(18, "max")]
    [InlineData(18, "min")]
    public void Reductions_match_ort(int opset, string reduction)
    {
        // Slices of a [4, 4, 4] tensor; with a reduction the first index repeats.
        long[] indices = reduction == "none" ? [0, 2] : [0, 2, 0];
        var node = new NodeCase("ScatterND", opset).In(TypedTensors.Random(DataType.Float32, 1, [4, 4, 4]))
            .In(Tensor.FromInt64(indices, new TensorShape(indices.Length, 1))).In(TypedTensors.Random(DataType.Float32, 2, [indices.Length, 4, 4]));
        if (reduction != "none" || opset >= 16)
        {
            node.Attr("reduction", reduction);
        }

        node.Out(DataType.Float32).MatchesOrt(1e-6f, 1e-6f);
    }

    [Theory]
    [InlineData(new[] { 8 }, new long[] { 4, 3, 1, 7 }, new[] { 4, 1 })]      // elements of a vector
    [InlineData(new[] { 3, 4 }, new long[] { 2, -1, 0, 0 }, new[] { 2, 2 })] // elements, negative index
    [InlineData(new[] { 2, 3, 4 }, new long[] { 1, 2 }, new[] { 1, 2 })]     // one row
    [InlineData(new[] { 2, 3 }, new long[] { 1 }, new[] { 1 })]              // indices of rank 1
    public void Shapes_match_ort(int[] dataDims, long[] indices, int[] indexDims)
    {
        var index = Tensor.FromInt64(indices, new TensorShape(indexDims));
        int m = indexDims[^1];
        int[] updateDims = [.. indexDims[..^1], .. dataDims[m..]];
        new NodeCase("ScatterND", 13).In(TypedTensors.Random(DataType.Float32, 1, dataDims)).In(index).In(TypedTensors.Random(DataType.Float32, 2, updateDims))
            .Out(DataType.Float32).MatchesOrt();
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("ScatterND", 16).In(TypedTensors.Random(type, 1, [3, 2])).Const(Tensor.FromInt64([2, 0], new TensorShape(2, 1))).In(TypedTensors.Random(type, 2, [2, 2]))
            .Out(type).MatchesOrt();

    [Theory]
    [InlineData(DataType.Int64, "add")]
    [InlineData(DataType.Int32, "mul")]
    [InlineData(DataType.Float64, "add")]
    public void Integer_and_double_reductions_match_ort(DataType type, string reduction) =>
        new NodeCase("ScatterND", 16).In(TypedTensors.Random(type, 1, [3, 2])).In(Tensor.FromInt64([2, 2, 0], new TensorShape(3, 1))).In(TypedTensors.Random(type, 2, [3, 2]))
            .Attr("reduction", reduction).Out(type).MatchesOrt(1e-12f, 1e-12f);

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var data = TypedTensors.Random(DataType.Float32, 1, [3, 2]);
        var index = Tensor.FromInt64([1], new TensorShape(1, 1));
        new NodeCase("ScatterND", 16).In(data).In(index).In(TypedTensors.Random(DataType.Float32, 1, [1, 3])).Out(DataType.Float32).ImportFails("need [1,2]");
        new NodeCase("ScatterND", 16).In(data).In(index).In(TypedTensors.Random(DataType.Float32, 1, [1, 2])).Attr("reduction", "max").Out(DataType.Float32).ImportFails("from opset 18");
        new NodeCase("ScatterND", 13).In(data).In(index).In(TypedTensors.Random(DataType.Float32, 1, [1, 2])).Attr("reduction", "add").Out(DataType.Float32).ImportFails("from opset 16");
        new NodeCase("ScatterND", 18).In(TypedTensors.Random(DataType.Bool, 1, [3, 2])).In(index).In(TypedTensors.Random(DataType.Bool, 1, [1, 2])).Attr("reduction", "add").Out(DataType.Bool).ImportFails("needs a numeric type");
        new NodeCase("ScatterND", 16).In(data).In(Tensor.FromInt64([3], new TensorShape(1, 1))).In(TypedTensors.Random(DataType.Float32, 1, [1, 2])).Out(DataType.Float32).RunFails("index 3");
    }
}
