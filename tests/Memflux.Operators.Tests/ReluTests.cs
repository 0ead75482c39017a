using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ReluTests
{
    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 3, 7 })]
    [InlineData(new[] { 2, 3, 5, 11 })]
    public void Matches_ort(int[] dims)
    {
        var model = new OnnxModelBuilder(opset: 14).Input("x", dims).Node("Relu", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Numerics.Tensor> { ["x"] = RandomTensors.Uniform(1, dims) });
    }
}
