using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class RangeTests
{
    public static TheoryData<DataType, double, double, double> Cases => new()
    {
        { DataType.Float32, 0, 1, 0.1 },     // inexact steps: the sums accumulate as ORT's do
        { DataType.Float32, 1, -2, -0.3 },
        { DataType.Float32, 3, 3, 1 },       // empty
        { DataType.Float32, 3, 1, 1 },       // empty: limit behind start
        { DataType.Float64, -1.5, 7.25, 0.7 },
        { DataType.Int64, 2, 17, 4 },
        { DataType.Int64, 10, -3, -3 },
        { DataType.Int32, -5, 5, 1 },
        { DataType.Int32, 0, 0, 2 },
        { DataType.Int16, 1, 100, 9 },
        { DataType.Int16, -30000, 30000, 10000 }, // limit − start wrapped in int16 to an empty range (issue 18 §4)
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Constant_inputs_match_ort(DataType type, double start, double limit, double delta) =>
        new NodeCase("Range", 11).Const(TypedTensors.Scalar(type, start)).Const(TypedTensors.Scalar(type, limit)).Const(TypedTensors.Scalar(type, delta))
            .Out(type).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var one = TypedTensors.Scalar(DataType.Int64, 1);
        new NodeCase("Range", 11).Const(one).In(TypedTensors.Scalar(DataType.Int64, 5)).Const(one).Out(DataType.Int64).ImportFails("input 1 (limit) is computed at run time", "data-dependent");
        new NodeCase("Range", 11).Const(one).Const(one).Const(TypedTensors.Scalar(DataType.Int64, 0)).Out(DataType.Int64).ImportFails("delta) is 0");
        new NodeCase("Range", 11).Const(one).Const(TypedTensors.Scalar(DataType.Int32, 3)).Const(one).Out(DataType.Int64).ImportFails("one type");
        new NodeCase("Range", 11).Const(Tensor.Vector(1, 2)).Const(one).Const(one).Out(DataType.Int64).ImportFails("must be a scalar");
    }
}
