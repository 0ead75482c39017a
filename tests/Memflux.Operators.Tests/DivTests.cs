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
}
