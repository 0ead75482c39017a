using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class GlobalAveragePoolTests
{
    [Theory]
    [InlineData(7, new[] { 1, 1, 1 })]
    [InlineData(7, new[] { 2, 3, 5 })]
    [InlineData(13, new[] { 2, 8, 7, 7 })]
    [InlineData(21, new[] { 1, 3, 1, 9 })]
    [InlineData(13, new[] { 2, 2, 3, 4, 5 })]
    public void Matches_ort(int opset, int[] dims)
    {
        var model = new OnnxModelBuilder(opset: opset).Input("x", dims).Node("GlobalAveragePool", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", dims), 1e-6f, 1e-5f);
    }

    [Fact]
    public void Rejects_rank_below_three_and_attributes()
    {
        var rank2 = new OnnxModelBuilder(opset: 13).Input("x", [2, 3]).Node("GlobalAveragePool", ["x"], ["y"]).Output("y").Build();
        OpTest.AssertRejected(rank2, "GlobalAveragePool_0", "expected rank 3 or more");
        var attr = new OnnxModelBuilder(opset: 13).Input("x", [2, 3, 4]).Node("GlobalAveragePool", ["x"], ["y"], ("kernel_shape", new long[] { 4 })).Output("y").Build();
        OpTest.AssertRejected(attr, "GlobalAveragePool_0", "'kernel_shape' is not supported");
    }
}
