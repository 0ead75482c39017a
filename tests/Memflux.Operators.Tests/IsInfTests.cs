using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class IsInfTests
{
    public static TheoryData<DataType, long, long> Cases()
    {
        var data = new TheoryData<DataType, long, long>();
        foreach (var type in new[] { DataType.Float32, DataType.Float64 })
        {
            data.Add(type, 1, 1);
            data.Add(type, 0, 1);
            data.Add(type, 1, 0);
            data.Add(type, 0, 0);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_ort(DataType type, long detectNegative, long detectPositive)
    {
        var model = new OnnxModelBuilder(10).Input("x", [2, 4], type)
            .Node("IsInf", ["x"], ["y"], ("detect_negative", detectNegative), ("detect_positive", detectPositive)).Output("y", DataType.Bool).Build();
        var x = TypedTensors.Of(type, [2, 4], [double.PositiveInfinity, double.NegativeInfinity, double.NaN, 0, -0.0, 1e300, -1e300, 3.4e38]);
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 0, 0);
    }

    [Fact]
    public void Float16_at_opset_20_matches_ort()
    {
        var model = new OnnxModelBuilder(20).Input("x", [5], DataType.Float16).Node("IsInf", ["x"], ["y"], ("detect_negative", 0L)).Output("y", DataType.Bool).Build();
        var x = TypedTensors.Vector(DataType.Float16, double.PositiveInfinity, double.NegativeInfinity, 70000, double.NaN, 1);
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 0, 0);
    }

    [Fact]
    public void Defaults_detect_both_signs()
    {
        var model = new OnnxModelBuilder(13).Input("x", [3]).Node("IsInf", ["x"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(DataType.Float32, double.PositiveInfinity, double.NegativeInfinity, 1) }, 0, 0);
    }

    [Fact]
    public void Bad_flag_and_integer_input_are_clear_errors()
    {
        var flag = new OnnxModelBuilder(13).Input("x", [3]).Node("IsInf", ["x"], ["y"], ("detect_positive", 2L)).Output("y", DataType.Bool).Build();
        OperatorCheck.ImportFails(flag, "IsInf node", "'detect_positive' must be 0 or 1, found 2");
        var ints = new OnnxModelBuilder(13).Input("x", [3], DataType.Int64).Node("IsInf", ["x"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.ImportFails(ints, "IsInf node", "must be Float32", "found Int64");
    }
}
