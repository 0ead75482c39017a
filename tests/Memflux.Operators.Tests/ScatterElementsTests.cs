using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class ScatterElementsTests
{
    public static TheoryData<int[], int[], long> Cases => new()
    {
        { new[] { 3, 3 }, new[] { 2, 3 }, 0 },
        { new[] { 1, 5 }, new[] { 1, 2 }, 1 },
        { new[] { 2, 3, 4 }, new[] { 2, 2, 4 }, -2 },
        { new[] { 6 }, new[] { 3 }, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cases_match_ort(int[] dataDims, int[] indexDims, long axis)
    {
        int dim = dataDims[axis < 0 ? axis + dataDims.Length : axis];
        foreach (int opset in new[] { 11, 13, 16, 18 })
        {
            new NodeCase("ScatterElements", opset).In(TypedTensors.Random(DataType.Float32, 1, dataDims)).In(DistinctIndices(indexDims, axis, dim))
                .In(TypedTensors.Random(DataType.Float32, 2, indexDims)).Attr("axis", axis).Out(DataType.Float32).MatchesOrt();
        }
    }

    [Theory]
    [InlineData(16, "add")]
    [InlineData(16, "mul")]
    [InlineData(18, "max")]
    [InlineData(18, "min")]
    public void Reductions_with_duplicate_indices_match_ort(int opset, string reduction) =>
        new NodeCase("ScatterElements", opset).In(TypedTensors.Random(DataType.Float32, 1, [2, 5])).In(Tensor.FromInt64([1, 1, -4, 3, 0, 0], new TensorShape(2, 3)))
            .In(TypedTensors.Random(DataType.Float32, 2, [2, 3])).Attr("axis", 1L).Attr("reduction", reduction).Out(DataType.Float32).MatchesOrt(1e-6f, 1e-6f);

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_and_int32_indices_match_ort(DataType type)
    {
        foreach (var indexType in new[] { DataType.Int64, DataType.Int32 })
        {
            var index = Tensor.FromInt64([2, 0, -2, 1], new TensorShape(2, 2));
            var indices = indexType == DataType.Int64 ? index : Tensor.From(new[] { 2, 0, -2, 1 }, index.Shape);
            new NodeCase("ScatterElements", 13).In(TypedTensors.Random(type, 1, [2, 3])).In(indices).In(TypedTensors.Random(type, 2, [2, 2])).Attr("axis", 1L).Out(type).MatchesOrt();
        }
    }

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public void Deprecated_scatter_matches_ort(int opset) =>
        new NodeCase("Scatter", opset).In(TypedTensors.Random(DataType.Float32, 1, [3, 3])).In(Tensor.FromInt64([1, 0, 2, 0, 2, 1], new TensorShape(2, 3)))
            .In(TypedTensors.Random(DataType.Float32, 2, [2, 3])).Out(DataType.Float32).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var data = TypedTensors.Random(DataType.Float32, 1, [2, 3]);
        var index = Tensor.FromInt64([0, 1], new TensorShape(1, 2));
        new NodeCase("ScatterElements", 13).In(data).In(index).In(TypedTensors.Random(DataType.Float32, 1, [2, 1])).Out(DataType.Float32).ImportFails("shape of input 1");
        new NodeCase("ScatterElements", 13).In(data).In(index).In(TypedTensors.Random(DataType.Float64, 1, [1, 2])).Out(DataType.Float32).ImportFails("type of input 0");
        new NodeCase("ScatterElements", 16).In(data).In(index).In(TypedTensors.Random(DataType.Float32, 1, [1, 2])).Attr("reduction", "min").Out(DataType.Float32).ImportFails("from opset 18");
        new NodeCase("ScatterElements", 13).In(data).In(Tensor.FromInt64([0, 3], new TensorShape(1, 2))).In(TypedTensors.Random(DataType.Float32, 1, [1, 2])).Attr("axis", 1L).Out(DataType.Float32).RunFails("index 3");
        new NodeCase("Scatter", 11).In(data).In(index).In(TypedTensors.Random(DataType.Float32, 1, [1, 2])).Out(DataType.Float32).ImportFails("use ScatterElements");
    }

    /// <summary>Indices that never repeat a target (without a reduction ONNX leaves the winner of duplicates open).</summary>
    private static Tensor DistinctIndices(int[] dims, long axis, int dim)
    {
        var shape = new TensorShape(dims);
        int a = (int)(axis < 0 ? axis + dims.Length : axis);
        int[] strides = shape.Strides();
        var values = new long[shape.ElementCount];
        for (int i = 0; i < values.Length; i++)
        {
            int position = i / strides[a] % dims[a];
            values[i] = ((position * 2) + 1) % dim - (position % 2 == 0 ? 0 : dim); // distinct along the axis, some negative
        }

        return Tensor.FromInt64(values, shape);
    }
}
