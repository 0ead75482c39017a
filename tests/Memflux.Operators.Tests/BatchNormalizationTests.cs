using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class BatchNormalizationTests
{
    [Theory]
    [InlineData(7, new[] { 1, 3, 5, 7 })]
    [InlineData(8, new[] { 2, 4, 3, 3 })]
    [InlineData(9, new[] { 2, 3 })]
    [InlineData(9, new[] { 2, 4, 3 })]
    [InlineData(14, new[] { 1, 1, 1, 1 })]
    [InlineData(15, new[] { 2, 2, 2, 3, 3 })]
    [InlineData(21, new[] { 3, 5, 11, 13 })]
    [InlineData(8, new[] { 2, 16, 40, 40 })]
    public void Matches_ort(int opset, int[] x)
    {
        (string, object)[] attributes = opset < 9 ? [("epsilon", 1e-3f), ("momentum", 0.9f), ("spatial", 1L)]
            : opset >= 14 ? [("epsilon", 2e-5f), ("training_mode", 0L)] : [];
        var model = Build(opset, x, x[1], attributes);
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", x), OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Fact]
    public void Rejects_invalid_nodes()
    {
        OpTest.AssertRejected(Build(8, [1, 2, 3, 3], 2, ("spatial", 0L)), "BatchNormalization_0", "'spatial' is 0");
        OpTest.AssertRejected(Build(9, [1, 2, 3, 3], 2, ("spatial", 1L)), "BatchNormalization_0", "'spatial' was removed in opset 9");
        OpTest.AssertRejected(Build(14, [1, 2, 3, 3], 2, ("training_mode", 1L)), "BatchNormalization_0", "'training_mode' is 1");
        OpTest.AssertRejected(Build(14, [1, 2, 3, 3], 3), "BatchNormalization_0", "expected [2]");
        OpTest.AssertRejected(Build(14, [1, 2, 3, 3], 2, ("epsilon", -1f)), "BatchNormalization_0", "'epsilon' is -1");
        OpTest.AssertRejected(Build(14, [1, 2, 3, 3], 2, ("epsilon", 1L)), "BatchNormalization_0", "'epsilon' should be Float");
        OpTest.AssertRejected(Build(14, [1, 2, 3, 3], 2, ("is_test", 1L)), "BatchNormalization_0", "'is_test' was removed in opset 7");
        OpTest.AssertRejected(Build(6, [1, 2, 3, 3], 2, ("is_test", 0L)), "BatchNormalization_0", "'is_test' is 0");

        var extraOutputs = Builder(14, [1, 2, 3, 3], 2).Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y", "rm", "rv"]).Output("y").Build();
        OpTest.AssertRejected(extraOutputs, "BatchNormalization_0", "only Y is supported");
        var fourInputs = Builder(14, [1, 2, 3, 3], 2).Node("BatchNormalization", ["x", "s", "b", "m"], ["y"]).Output("y").Build();
        OpTest.AssertRejected(fourInputs, "BatchNormalization_0", "expected 5 inputs, found 4");
    }

    private static byte[] Build(int opset, int[] x, int channels, params (string, object)[] attributes) =>
        Builder(opset, x, channels).Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], attributes).Output("y").Build();

    private static OnnxModelBuilder Builder(int opset, int[] x, int channels) =>
        new OnnxModelBuilder(opset: opset).Input("x", x)
            .Initializer("s", RandomTensors.Uniform(2, [channels], 0.5f, 2f))
            .Initializer("b", RandomTensors.Uniform(3, [channels]))
            .Initializer("m", RandomTensors.Uniform(4, [channels], -0.5f, 0.5f))
            .Initializer("v", RandomTensors.Uniform(5, [channels], 0.1f, 2f));
}
