using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class LayerNormalizationTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 5 }, -1, true, 1)]
    [InlineData(new[] { 2, 3, 5 }, 1, true, 1)]
    [InlineData(new[] { 2, 3, 5 }, 0, false, 1)]
    [InlineData(new[] { 1, 1 }, -1, true, 1)]
    [InlineData(new[] { 4, 7 }, 1, false, 3)]
    [InlineData(new[] { 2, 3, 4, 5 }, -2, true, 3)]
    [InlineData(new[] { 3, 9, 1 }, 1, true, 2)]
    public void Matches_ort(int[] x, int axis, bool bias, int outputs)
    {
        int a = axis < 0 ? axis + x.Length : axis;
        int[] normalized = x[a..];
        var b = new OnnxModelBuilder(opset: 17).Input("x", x).Initializer("s", RandomTensors.Uniform(2, normalized, 0.5f, 2f));
        string[] inputs = ["x", "s"];
        if (bias)
        {
            b.Initializer("b", RandomTensors.Uniform(3, normalized));
            inputs = ["x", "s", "b"];
        }

        string[] names = ["y", "mean", "inv_std"];
        b.Node("LayerNormalization", inputs, names[..outputs], ("axis", (long)axis), ("epsilon", 1e-4f));
        foreach (string n in names[..outputs])
        {
            b.Output(n);
        }

        OperatorCheck.MatchesOrt(b.Build(), OpTest.Input("x", x), OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Fact]
    public void Scale_with_leading_ones_matches_ort()
    {
        var model = new OnnxModelBuilder(opset: 17).Input("x", [2, 3, 4]).Initializer("s", RandomTensors.Uniform(2, [1, 4]))
            .Node("LayerNormalization", ["x", "s"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", [2, 3, 4]), OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Fact]
    public void Rejects_invalid_nodes()
    {
        OpTest.AssertRejected(Build([2, 3], [2]), "LayerNormalization_0", "Scale has shape [2]; expected [3]");
        OpTest.AssertRejected(Build([2, 3], [3], ("axis", 2L)), "LayerNormalization_0", "axis 2 is out of range");
        OpTest.AssertRejected(Build([2, 3], [3], ("stash_type", 11L)), "LayerNormalization_0", "'stash_type' is 11");
        OpTest.AssertRejected(Build([2, 3], [3], ("epsilon", float.NaN)), "LayerNormalization_0", "'epsilon'");
        OpTest.AssertRejected(Build([2, 3], [3], ("momentum", 0.9f)), "LayerNormalization_0", "'momentum' is not supported");
        var one = new OnnxModelBuilder(opset: 17).Input("x", [2, 3]).Node("LayerNormalization", ["x"], ["y"]).Output("y").Build();
        OpTest.AssertRejected(one, "LayerNormalization_0", "expected 2 to 3 inputs, found 1");
    }

    private static byte[] Build(int[] x, int[] scale, params (string, object)[] attributes) =>
        new OnnxModelBuilder(opset: 17).Input("x", x).Initializer("s", RandomTensors.Uniform(2, scale))
            .Node("LayerNormalization", ["x", "s"], ["y"], attributes).Output("y").Build();
}
