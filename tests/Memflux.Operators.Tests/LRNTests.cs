using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>
/// LRN against ONNX Runtime (which takes only 4-D inputs and odd sizes; Memflux also runs the spec's other forms);
/// a power of a sum of squares: 2e-6 + 2e-5·|ort|.
/// </summary>
public class LRNTests
{
    [Theory]
    [InlineData(new[] { 2, 5, 4, 3 }, 3L, 13)]
    [InlineData(new[] { 1, 6, 5, 5 }, 7L, 17)]
    [InlineData(new[] { 1, 3, 1, 7 }, 5L, 13)]
    [InlineData(new[] { 1, 1, 2, 2 }, 1L, 11)]
    public void Defaults_match_ort(int[] dims, long size, int opset)
    {
        var model = new OnnxModelBuilder(opset).Input("x", dims).Node("LRN", ["x"], ["y"], ("size", size)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", dims), OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Fact]
    public void Attributes_match_ort()
    {
        int[] dims = [2, 8, 6, 6];
        var model = new OnnxModelBuilder(13).Input("x", dims)
            .Node("LRN", ["x"], ["y"], ("size", 5L), ("alpha", 0.02f), ("beta", 0.5f), ("bias", 2f)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", dims, 4), OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var noSize = new OnnxModelBuilder(13).Input("x", [1, 2, 2, 2]).Node("LRN", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(noSize, "LRN node", "'size'");
        var zeroSize = new OnnxModelBuilder(13).Input("x", [1, 2, 2, 2]).Node("LRN", ["x"], ["y"], ("size", 0L)).Output("y").Build();
        OperatorCheck.ImportFails(zeroSize, "'size' is 0");
    }
}
