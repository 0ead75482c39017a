using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class IsNaNTests
{
    public static TheoryData<DataType> FloatTypes => [.. TypedTensors.FloatTypes];

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void Matches_ort(DataType type)
    {
        foreach (int opset in new[] { 9, 13, 20 })
        {
            var model = new OnnxModelBuilder(opset).Input("x", [9], type).Node("IsNaN", ["x"], ["y"]).Output("y", DataType.Bool).Build();
            var x = TypedTensors.Vector(type, double.NaN, -double.NaN, 0, -0.0, 1, double.PositiveInfinity, double.NegativeInfinity, 1e-30, 65504);
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 0, 0);
        }
    }

    [Fact]
    public void Rank_0_matches_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", []).Node("IsNaN", ["x"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = Tensor.Scalar(float.NaN) }, 0, 0);
    }

    [Fact]
    public void Integer_input_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(13).Input("x", [3], DataType.Int32).Node("IsNaN", ["x"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.ImportFails(model, "IsNaN node", "must be Float32", "found Int32");
    }
}
