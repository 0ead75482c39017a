using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>GlobalMaxPool against ONNX Runtime (a maximum is exact, so tolerance 0).</summary>
public class GlobalMaxPoolTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 })]
    [InlineData(new[] { 1, 4, 7 })]
    [InlineData(new[] { 2, 2, 3, 4, 5 })]
    [InlineData(new[] { 1, 1, 1, 1 })]
    public void Matches_ort(int[] dims)
    {
        var model = new OnnxModelBuilder(13).Input("x", dims).Node("GlobalMaxPool", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", dims), 0f, 0f);
    }

    [Fact]
    public void Special_values_match_ort()
    {
        var x = Tensor.FromFloat32([1, float.NaN, float.NaN, 1, 2, float.NegativeInfinity, float.NegativeInfinity, float.PositiveInfinity, -0f, 0f, float.NaN, float.NaN, float.NegativeInfinity, float.NegativeInfinity], new TensorShape(1, 7, 2));
        var model = new OnnxModelBuilder(13).Input("x", [1, 7, 2]).Node("GlobalMaxPool", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 0f, 0f);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var rank2 = new OnnxModelBuilder(13).Input("x", [2, 3]).Node("GlobalMaxPool", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(rank2, "GlobalMaxPool node", "expected rank 3 or more");
    }
}
