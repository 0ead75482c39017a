using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class GatherElementsTests
{
    public static TheoryData<int[], int[], long> Cases => new()
    {
        { new[] { 3, 3 }, new[] { 2, 3 }, 0 },
        { new[] { 3, 4 }, new[] { 3, 2 }, 1 },
        { new[] { 2, 3, 4 }, new[] { 2, 5, 4 }, -2 },  // indices longer than data along the axis
        { new[] { 2, 3, 4 }, new[] { 1, 2, 3 }, 2 },   // and shorter elsewhere
        { new[] { 6 }, new[] { 6 }, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cases_match_ort(int[] dataDims, int[] indexDims, long axis)
    {
        int dim = dataDims[axis < 0 ? axis + dataDims.Length : axis];
        foreach (int opset in new[] { 11, 13 })
        {
            new NodeCase("GatherElements", opset).In(TypedTensors.Random(DataType.Float32, 1, dataDims)).In(Indices(2, indexDims, dim, DataType.Int64))
                .Attr("axis", axis).Out(DataType.Float32).MatchesOrt();
        }
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_and_int32_indices_match_ort(DataType type)
    {
        foreach (var indexType in new[] { DataType.Int64, DataType.Int32 })
        {
            new NodeCase("GatherElements", 13).In(TypedTensors.Random(type, 1, [3, 4])).In(Indices(3, [3, 4], 4, indexType)).Attr("axis", 1L).Out(type).MatchesOrt();
        }
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var data = TypedTensors.Random(DataType.Float32, 1, [3, 3]);
        new NodeCase("GatherElements", 13).In(data).In(Tensor.Vector(1)).Out(DataType.Float32).ImportFails("must have the rank");
        new NodeCase("GatherElements", 13).In(data).In(Tensor.FromInt64([3], new TensorShape(1, 1))).Out(DataType.Float32).RunFails("index 3");
        new NodeCase("GatherElements", 13).In(data).In(TypedTensors.Random(DataType.Float32, 1, [1, 1])).Out(DataType.Float32).ImportFails("int64 or int32");
    }

    /// <summary>Random indices in [−dim, dim) (negative ones count from the end).</summary>
    internal static Tensor Indices(int seed, int[] dims, int dim, DataType type)
    {
        var rng = new Random(seed);
        var shape = new TensorShape(dims);
        var values = new long[shape.ElementCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.Next(-dim, dim);
        }

        return type == DataType.Int64 ? Tensor.FromInt64(values, shape) : Tensor.From(values.Select(v => (int)v).ToArray(), shape);
    }
}
