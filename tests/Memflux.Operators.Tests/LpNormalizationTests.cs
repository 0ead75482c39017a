using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>LpNormalization against ONNX Runtime; normalization tolerances (2e-6 + 2e-5·|ort|).</summary>
public class LpNormalizationTests
{
    [Theory]
    [InlineData(new[] { 3, 4, 5 }, -1L, 2L)]
    [InlineData(new[] { 3, 4, 5 }, 1L, 1L)]
    [InlineData(new[] { 3, 4, 5 }, 0L, 2L)]
    [InlineData(new[] { 7 }, 0L, 1L)]
    [InlineData(new[] { 2, 1, 6 }, 1L, 2L)]
    public void Matches_ort(int[] dims, long axis, long p)
    {
        var model = new OnnxModelBuilder(17).Input("x", dims).Node("LpNormalization", ["x"], ["y"], ("axis", axis), ("p", p)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", dims), OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(2L)]
    public void Zero_norm_matches_ort(long p)
    {
        var x = Tensor.FromFloat32([0, 0, 0, 1, -2, 3], new TensorShape(2, 3));
        var model = new OnnxModelBuilder(13).Input("x", [2, 3]).Node("LpNormalization", ["x"], ["y"], ("p", p)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var p3 = new OnnxModelBuilder(13).Input("x", [2, 3]).Node("LpNormalization", ["x"], ["y"], ("p", 3L)).Output("y").Build();
        OperatorCheck.ImportFails(p3, "LpNormalization node", "'p' is 3; expected 1 or 2");
        var badAxis = new OnnxModelBuilder(13).Input("x", [2, 3]).Node("LpNormalization", ["x"], ["y"], ("axis", 2L)).Output("y").Build();
        OperatorCheck.ImportFails(badAxis, "axis 2 is out of range");
    }
}
