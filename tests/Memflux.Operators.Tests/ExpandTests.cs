using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class ExpandTests
{
    public static TheoryData<int[], long[]> Shapes => new()
    {
        { new[] { 3, 1 }, new long[] { 2, 1, 6 } },
        { new[] { 3, 1 }, new long[] { 3, 4 } },
        { new[] { 2, 1, 4 }, new long[] { 1, 3, 1 } },   // bidirectional: a 1 in shape keeps the input's dimension
        { new[] { 2, 3 }, new long[] { 1 } },            // shorter shape
        { Array.Empty<int>(), new long[] { 2, 3 } },     // scalar input
        { new[] { 5 }, new long[] { 2, 1, 5 } },
        { new[] { 1, 1, 1 }, new long[] { 1 } },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Shapes_match_ort(int[] dims, long[] shape)
    {
        foreach (int opset in new[] { 8, 13 })
        {
            new NodeCase("Expand", opset).In(TypedTensors.Random(DataType.Float32, 1, dims)).Const(Tensor.Vector(shape)).Out(DataType.Float32).MatchesOrt();
        }
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("Expand", 13).In(TypedTensors.Random(type, 2, [3, 1, 2])).Const(Tensor.Vector(2, 3, 4, 1)).Out(type).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        new NodeCase("Expand", 13).In(TypedTensors.Random(DataType.Float32, 1, [3])).In(Tensor.Vector(2, 3)).Out(DataType.Float32).ImportFails("input 1 (shape) is computed at run time");
        new NodeCase("Expand", 13).In(TypedTensors.Random(DataType.Float32, 1, [3])).Const(Tensor.Vector(2, 4)).Out(DataType.Float32).ImportFails("cannot be broadcast");
    }
}
