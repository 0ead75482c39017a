using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class DivTests : BinaryOpTests
{
    protected override string OpType => "Div";

    [Fact]
    public void Int64_division_truncates_toward_zero_like_ort()
    {
        var model = new OnnxModelBuilder(14).Input("a", [6], DataType.Int64).Input("b", [6], DataType.Int64)
            .Node("Div", ["a", "b"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
        {
            ["a"] = Tensor.Vector(7, -7, 7, -7, 0, 1),
            ["b"] = Tensor.Vector(2, 2, -2, -2, 3, 5),
        });
    }

    [Fact]
    public void Int64_division_by_zero_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(14).Input("a", [2], DataType.Int64).Input("b", [2], DataType.Int64)
            .Node("Div", ["a", "b"], ["y"]).Output("y", DataType.Int64).Build();
        OperatorCheck.RunFails(model, new Dictionary<string, Tensor> { ["a"] = Tensor.Vector(1, 2), ["b"] = Tensor.Vector(1, 0) }, "division by zero");
    }

    [Theory]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.UInt8)]
    [InlineData(DataType.Int8)]
    public void Integer_division_by_zero_is_a_clear_error_in_every_width(DataType type)
    {
        var model = new OnnxModelBuilder(14).Input("a", [2], type).Input("b", [2], type).Node("Div", ["a", "b"], ["y"]).Output("y", type).Build();
        OperatorCheck.RunFails(model, new Dictionary<string, Tensor> { ["a"] = TypedTensors.Vector(type, 1, 2), ["b"] = TypedTensors.Vector(type, 1, 0) }, "division by zero");
    }

    [Fact]
    public void Most_negative_int32_divided_by_minus_one_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(14).Input("a", [1], DataType.Int32).Input("b", [1], DataType.Int32).Node("Div", ["a", "b"], ["y"]).Output("y", DataType.Int32).Build();
        OperatorCheck.RunFails(model, new Dictionary<string, Tensor> { ["a"] = TypedTensors.Vector(DataType.Int32, int.MinValue), ["b"] = TypedTensors.Vector(DataType.Int32, -1) }, "division overflows");
    }

    [Fact]
    public void Float_division_by_zero_gives_infinities_and_nan_like_ort()
    {
        foreach (var type in TypedTensors.FloatTypes)
        {
            var model = new OnnxModelBuilder(14).Input("a", [4], type).Input("b", [4], type).Node("Div", ["a", "b"], ["y"]).Output("y", type).Build();
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = TypedTensors.Vector(type, 1, -1, 0, double.NaN), ["b"] = TypedTensors.Vector(type, 0, 0, 0, 1) }, 0, 0);
        }
    }
}
