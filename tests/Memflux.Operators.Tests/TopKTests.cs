using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class TopKTests
{
    public static TheoryData<int[], long, long, long> Cases => new()
    {
        { new[] { 3, 4 }, 1, 3, 1 },
        { new[] { 3, 4 }, -1, 2, 0 },
        { new[] { 2, 5, 3 }, 1, 5, 1 },
        { new[] { 2, 5, 3 }, 0, 1, 0 },
        { new[] { 7 }, 0, 0, 1 },
        { new[] { 1, 9 }, -1, 4, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cases_match_ort(int[] dims, long axis, long k, long largest)
    {
        new NodeCase("TopK", 11).In(TypedTensors.Random(DataType.Float32, 1, dims)).Const(Tensor.Vector(k)).Attr("axis", axis).Attr("largest", largest)
            .Out(DataType.Float32).Out(DataType.Int64).MatchesOrt();
        new NodeCase("TopK", 10).In(TypedTensors.Random(DataType.Float32, 2, dims)).Const(Tensor.Vector(k)).Attr("axis", axis).Out(DataType.Float32).Out(DataType.Int64).MatchesOrt();
        if (k > 0)
        {
            new NodeCase("TopK", 7).In(TypedTensors.Random(DataType.Float32, 3, dims)).Attr("k", k).Attr("axis", axis).Out(DataType.Float32).Out(DataType.Int64).MatchesOrt();
        }
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(0L)]
    public void Ties_and_infinities_order_by_lower_index_like_ort(long largest)
    {
        float inf = float.PositiveInfinity;
        var x = Tensor.FromFloat32([1, 3, 3, -inf, 1, inf, 3, 0f, -0f, inf, 1, -inf], new TensorShape(1, 12));
        new NodeCase("TopK", 11).In(x).Const(Tensor.Vector(12)).Attr("largest", largest).Out(DataType.Float32).Out(DataType.Int64).MatchesOrt();
        var ints = Tensor.FromInt64([5, 2, 5, 5, 2, 9, 2], new TensorShape(7));
        new NodeCase("TopK", 11).In(ints).Const(Tensor.Vector(5)).Attr("largest", largest).Out(DataType.Int64).Out(DataType.Int64).MatchesOrt();
    }

    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Float64)]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Int64)]
    public void Numeric_types_match_ort(DataType type) =>
        new NodeCase("TopK", 11).In(TypedTensors.Random(type, 4, [3, 6])).Const(Tensor.Vector(4)).Attr("sorted", 1L).Out(type).Out(DataType.Int64).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var x = TypedTensors.Random(DataType.Float32, 1, [3, 4]);
        new NodeCase("TopK", 11).In(x).In(Tensor.Vector(2)).Out(DataType.Float32).Out(DataType.Int64).ImportFails("input 1 (K) is computed at run time");
        new NodeCase("TopK", 11).In(x).Const(Tensor.Vector(5)).Out(DataType.Float32).Out(DataType.Int64).ImportFails("k 5 must be 0 to 4");
        new NodeCase("TopK", 11).In(x).Const(Tensor.Vector(1)).Attr("k", 1L).Out(DataType.Float32).Out(DataType.Int64).ImportFails("not an attribute");
        new NodeCase("TopK", 7).In(x).Attr("k", 0L).Out(DataType.Float32).Out(DataType.Int64).ImportFails("attribute 'k' is 0");
        new NodeCase("TopK", 10).In(x).Const(Tensor.Vector(1)).Attr("largest", 0L).Out(DataType.Float32).Out(DataType.Int64).ImportFails("from opset 11");
    }
}
