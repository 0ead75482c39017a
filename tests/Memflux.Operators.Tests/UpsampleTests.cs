using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>Upsample (opsets 7–9) against ONNX Runtime; linear is a weighted sum: |Δ| ≤ 1e-5 + 1e-5·|ort|.</summary>
public class UpsampleTests
{
    [Theory]
    [InlineData(7, "nearest", new[] { 1f, 1f, 2f, 3f })]
    [InlineData(7, "linear", new[] { 1f, 1f, 2f, 2.5f })]
    [InlineData(8, "nearest", new[] { 2f, 1f, 1.5f, 2f })]
    [InlineData(9, "nearest", new[] { 1f, 1f, 3f, 2f })]
    [InlineData(9, "linear", new[] { 1f, 1f, 1.5f, 2f })]
    public void Matches_ort(int opset, string mode, float[] scales)
    {
        int[] dims = [1, 2, 3, 4];
        var b = new OnnxModelBuilder(opset).Input("x", dims);
        var model = opset < 9
            ? b.Node("Upsample", ["x"], ["y"], ("mode", mode), ("scales", scales)).Output("y").Build()
            : b.Initializer("scales", Tensor.FromFloat32(scales, new TensorShape(4))).Node("Upsample", ["x", "scales"], ["y"], ("mode", mode)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", dims), 1e-5f, 1e-5f);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var shrinking = new OnnxModelBuilder(7).Input("x", [1, 1, 4, 4]).Node("Upsample", ["x"], ["y"], ("scales", new[] { 1f, 1f, 0.5f, 1f })).Output("y").Build();
        OperatorCheck.ImportFails(shrinking, "Upsample node", "must hold finite values ≥ 1");
        var missing = new OnnxModelBuilder(7).Input("x", [1, 1, 4, 4]).Node("Upsample", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(missing, "attribute 'scales' is required before opset 9");
        var attributeAt9 = new OnnxModelBuilder(9).Input("x", [1, 1, 4, 4]).Node("Upsample", ["x"], ["y"], ("scales", new[] { 1f, 1f, 2f, 2f })).Output("y").Build();
        OperatorCheck.ImportFails(attributeAt9, "from opset 9 scales is input 1");
        var cubic = new OnnxModelBuilder(7).Input("x", [1, 1, 4, 4]).Node("Upsample", ["x"], ["y"], ("mode", "cubic"), ("scales", new[] { 1f, 1f, 2f, 2f })).Output("y").Build();
        OperatorCheck.ImportFails(cubic, "'mode' is 'cubic'; expected nearest or linear");
        var wrongLength = new OnnxModelBuilder(7).Input("x", [1, 1, 4, 4]).Node("Upsample", ["x"], ["y"], ("scales", new[] { 2f, 2f })).Output("y").Build();
        OperatorCheck.ImportFails(wrongLength, "scales has 2 values; expected 4");
    }
}
