using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class GeluTests : UnaryOpTests
{
    protected override string OpType => "Gelu";

    protected override int Opset => 20;

    [Theory]
    [InlineData("none")]
    [InlineData("tanh")]
    public void Approximations_match_ort(string approximate)
    {
        var model = new OnnxModelBuilder(20, irVersion: 9).Input("x", [5, 41]).Node("Gelu", ["x"], ["y"], ("approximate", approximate)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(5, [5, 41], -5f, 5f) });
    }

    [Fact]
    public void Unknown_approximation_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(20, irVersion: 9).Input("x", [3]).Node("Gelu", ["x"], ["y"], ("approximate", "fast")).Output("y").Build();
        OperatorCheck.ImportFails(model, "approximate", "\"fast\"");
    }

    [Fact]
    public void Before_opset_20_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(17).Input("x", [3]).Node("Gelu", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(model, "opset 20");
    }
}
