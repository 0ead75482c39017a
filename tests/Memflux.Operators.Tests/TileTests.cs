using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class TileTests
{
    public static TheoryData<int[], long[]> Cases => new()
    {
        { new[] { 2, 3 }, new long[] { 2, 2 } },
        { new[] { 2, 3 }, new long[] { 1, 3 } },
        { new[] { 5 }, new long[] { 4 } },
        { new[] { 2, 1, 3 }, new long[] { 1, 5, 2 } },
        { new[] { 2, 3 }, new long[] { 0, 2 } },   // a zero repeat empties the output
        { Array.Empty<int>(), Array.Empty<long>() },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Repeats_match_ort(int[] dims, long[] repeats)
    {
        foreach (int opset in new[] { 7, 13 })
        {
            new NodeCase("Tile", opset).In(TypedTensors.Random(DataType.Float32, 1, dims)).Const(Tensor.Vector(repeats)).Out(DataType.Float32).MatchesOrt();
        }
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("Tile", 13).In(TypedTensors.Random(type, 3, [2, 3])).Const(Tensor.Vector(3, 2)).Out(type).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var x = TypedTensors.Random(DataType.Float32, 1, [2, 3]);
        new NodeCase("Tile", 13).In(x).In(Tensor.Vector(1, 2)).Out(DataType.Float32).ImportFails("input 1 (repeats) is computed at run time");
        new NodeCase("Tile", 13).In(x).Const(Tensor.Vector(2)).Out(DataType.Float32).ImportFails("has 1 entries", "rank 2");
        new NodeCase("Tile", 13).In(x).Const(Tensor.Vector(2, -1)).Out(DataType.Float32).ImportFails("non-negative");
    }
}
