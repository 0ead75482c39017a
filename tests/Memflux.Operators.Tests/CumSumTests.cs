using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class CumSumTests
{
    public static TheoryData<int[], long, long, long> Cases => new()
    {
        { new[] { 5 }, 0, 0, 0 },
        { new[] { 5 }, 0, 1, 0 },
        { new[] { 5 }, 0, 0, 1 },
        { new[] { 5 }, 0, 1, 1 },
        { new[] { 2, 3, 4 }, 1, 0, 0 },
        { new[] { 2, 3, 4 }, -1, 1, 1 },
        { new[] { 2, 3, 4 }, 0, 0, 1 },
        { new[] { 3, 1 }, -2, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cases_match_ort(int[] dims, long axis, long exclusive, long reverse)
    {
        foreach (int opset in new[] { 11, 14 })
        {
            new NodeCase("CumSum", opset).In(TypedTensors.Random(DataType.Float32, 1, dims)).Const(TypedTensors.Scalar(DataType.Int64, axis))
                .Attr("exclusive", exclusive).Attr("reverse", reverse).Out(DataType.Float32).MatchesOrt(1e-6f, 1e-6f);
        }
    }

    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Float64)]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Int64)]
    public void Numeric_types_and_run_time_axis_match_ort(DataType type)
    {
        foreach (var axisType in new[] { DataType.Int32, DataType.Int64 })
        {
            new NodeCase("CumSum", 14).In(TypedTensors.Random(type, 4, [3, 4])).In(TypedTensors.Scalar(axisType, 1)).Attr("reverse", 1L).Out(type).MatchesOrt(1e-5f, 1e-6f);
        }
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var x = TypedTensors.Random(DataType.Float32, 1, [2, 3]);
        new NodeCase("CumSum", 14).In(x).Const(TypedTensors.Scalar(DataType.Int64, 2)).Out(DataType.Float32).ImportFails("axis 2 is out of range");
        new NodeCase("CumSum", 14).In(x).Const(TypedTensors.Scalar(DataType.Float32, 0)).Out(DataType.Float32).ImportFails("int32 or int64 scalar");
        new NodeCase("CumSum", 14).In(x).In(TypedTensors.Scalar(DataType.Int64, 5)).Out(DataType.Float32).RunFails("axis 5 is out of range");
    }
}
