using Memflux.Numerics;

namespace Memflux.Operators.Tests;

/// <summary>ArgMax and ArgMin against ONNX Runtime: the same cases, one class per operator.</summary>
public abstract class ArgExtremumTests
{
    protected abstract string OpType { get; }

    public static TheoryData<int[], long, long> Cases => new()
    {
        { new[] { 2, 3, 4 }, 0, 1 },
        { new[] { 2, 3, 4 }, 1, 0 },
        { new[] { 2, 3, 4 }, -1, 1 },
        { new[] { 7 }, 0, 0 },   // to a scalar
        { new[] { 5, 1 }, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cases_match_ort(int[] dims, long axis, long keepdims)
    {
        foreach (int opset in new[] { 7, 11, 13 })
        {
            new NodeCase(OpType, opset).In(TypedTensors.Random(DataType.Float32, 1, dims)).Attr("axis", axis).Attr("keepdims", keepdims).Out(DataType.Int64).MatchesOrt();
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    public void Ties_and_select_last_index_match_ort(long last)
    {
        float inf = float.PositiveInfinity;
        var x = Tensor.FromFloat32([2, 2, -1, 2, inf, 0, inf, 5, -inf, -3, -inf, -3, 0f, -0f, 1, 1], new TensorShape(4, 4));
        foreach (long axis in new long[] { 0, 1 })
        {
            new NodeCase(OpType, 12).In(x).Attr("axis", axis).Attr("select_last_index", last).Out(DataType.Int64).MatchesOrt();
        }
    }

    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Float64)]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Int64)]
    [InlineData(DataType.UInt8)]
    [InlineData(DataType.Int8)]
    public void Numeric_types_match_ort(DataType type) =>
        new NodeCase(OpType, 13).In(TypedTensors.Random(type, 3, [3, 5])).Attr("axis", 1L).Out(DataType.Int64).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        new NodeCase(OpType, 13).In(TypedTensors.Random(DataType.Float32, 1, [2, 3])).Attr("axis", 2L).Out(DataType.Int64).ImportFails("axis 2 is out of range");
        new NodeCase(OpType, 11).In(TypedTensors.Random(DataType.Float32, 1, [2, 3])).Attr("select_last_index", 1L).Out(DataType.Int64).ImportFails("from opset 12");
        new NodeCase(OpType, 13).In(TypedTensors.Random(DataType.Bool, 1, [2, 3])).Out(DataType.Int64).ImportFails("numeric");
    }
}
