using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>GlobalLpPool against ONNX Runtime; a root of a sum of powers: 2e-6 + 2e-5·|ort|.</summary>
public class GlobalLpPoolTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 }, 2L)]
    [InlineData(new[] { 2, 3, 4, 5 }, 1L)]
    [InlineData(new[] { 1, 4, 7 }, 3L)]
    [InlineData(new[] { 2, 2, 3, 4, 5 }, 2L)]
    public void Matches_ort(int[] dims, long p)
    {
        var model = new OnnxModelBuilder(13).Input("x", dims).Node("GlobalLpPool", ["x"], ["y"], ("p", p)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", dims), OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var p0 = new OnnxModelBuilder(13).Input("x", [1, 2, 3]).Node("GlobalLpPool", ["x"], ["y"], ("p", 0L)).Output("y").Build();
        OperatorCheck.ImportFails(p0, "GlobalLpPool node", "'p' is 0");
    }
}
