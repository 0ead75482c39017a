using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>MeanVarianceNormalization against ONNX Runtime; normalization tolerances (2e-6 + 2e-5·|ort|).</summary>
public class MeanVarianceNormalizationTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 }, null, 9)]
    [InlineData(new[] { 2, 3, 4, 5 }, new long[] { 2, 3 }, 13)]
    [InlineData(new[] { 2, 3, 4, 5 }, new long[] { 1 }, 13)]
    [InlineData(new[] { 3, 7 }, new long[] { -1 }, 13)]
    [InlineData(new[] { 2, 3, 4, 5, 2 }, new long[] { 0, 2, 4 }, 18)]
    public void Matches_ort(int[] dims, long[]? axes, int opset)
    {
        var b = new OnnxModelBuilder(opset).Input("x", dims);
        var model = (axes is null ? b.Node("MeanVarianceNormalization", ["x"], ["y"]) : b.Node("MeanVarianceNormalization", ["x"], ["y"], ("axes", axes))).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", dims), OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var rank3 = new OnnxModelBuilder(13).Input("x", [2, 3, 4]).Node("MeanVarianceNormalization", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(rank3, "MeanVarianceNormalization node", "it must have rank 4");
        var badAxis = new OnnxModelBuilder(13).Input("x", [2, 3, 4]).Node("MeanVarianceNormalization", ["x"], ["y"], ("axes", new long[] { 3 })).Output("y").Build();
        OperatorCheck.ImportFails(badAxis, "axis 3 is out of range");
    }
}
