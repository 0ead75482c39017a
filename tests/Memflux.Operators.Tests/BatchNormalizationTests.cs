using Memflux.Graph.Execution;
using Memflux.Numerics;
using Memflux.Onnx;
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

    [Theory]
    [InlineData(14, new[] { 2, 3, 4, 5 }, 0.9f)]
    [InlineData(15, new[] { 4, 2 }, 0.5f)]
    [InlineData(15, new[] { 1, 3, 2, 2, 3 }, 0f)]
    [InlineData(15, new[] { 3, 5, 7 }, 0.99f)]
    [InlineData(15, new[] { 8, 4, 16, 16 }, 0.9f)]
    public void Training_mode_matches_ort(int opset, int[] x, float momentum)
    {
        var model = Builder(opset, x, x[1]).Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y", "rm", "rv"], ("training_mode", 1L), ("momentum", momentum), ("epsilon", 1e-3f))
            .Output("y").Output("rm").Output("rv").Build();
        var feeds = new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(7, x, -2f, 3f) };
        OperatorCheck.MatchesOrt(model, feeds, OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Fact]
    public void Training_mode_normalises_with_the_batch_statistics()
    {
        // Channel 0 holds 1, 2, 3, 4 over N = 2 and two positions: mean 2.5, population variance 1.25.
        var model = new OnnxModelBuilder(opset: 15).Input("x", [2, 1, 2])
            .Initializer("s", Tensor.FromFloat32([2f], new TensorShape(1))).Initializer("b", Tensor.FromFloat32([1f], new TensorShape(1)))
            .Initializer("m", Tensor.FromFloat32([0.5f], new TensorShape(1))).Initializer("v", Tensor.FromFloat32([3f], new TensorShape(1)))
            .Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y", "rm", "rv"], ("training_mode", 1L), ("epsilon", 0f), ("momentum", 0.75f))
            .Output("y").Output("rm").Output("rv").Build();
        var outputs = new ReferenceExecutor(OnnxImporter.Load(model, "bn.onnx")).Run(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat32([1, 2, 3, 4], new TensorShape(2, 1, 2)) });
        float sd = MathF.Sqrt(1.25f);
        Assert.Equal([((1 - 2.5f) / sd * 2) + 1, ((2 - 2.5f) / sd * 2) + 1, ((3 - 2.5f) / sd * 2) + 1, ((4 - 2.5f) / sd * 2) + 1], outputs["y"].Float32.ToArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
        Assert.Equal((0.5f * 0.75f) + (2.5f * 0.25f), outputs["rm"].Float32[0], 1e-6f);
        Assert.Equal((3f * 0.75f) + (1.25f * 0.25f), outputs["rv"].Float32[0], 1e-6f);
    }

    [Fact]
    public void Rejects_invalid_nodes()
    {
        OpTest.AssertRejected(Build(8, [1, 2, 3, 3], 2, ("spatial", 0L)), "BatchNormalization_0", "'spatial' is 0");
        OpTest.AssertRejected(Build(9, [1, 2, 3, 3], 2, ("spatial", 1L)), "BatchNormalization_0", "'spatial' was removed in opset 9");
        OpTest.AssertRejected(Build(14, [1, 2, 3, 3], 2, ("training_mode", 2L)), "BatchNormalization_0", "'training_mode' is 2; expected 0 (inference) or 1 (training)");
        OpTest.AssertRejected(Build(9, [1, 2, 3, 3], 2, ("training_mode", 1L)), "BatchNormalization_0", "'training_mode' exists from opset 14");
        OpTest.AssertRejected(Build(14, [1, 2, 3, 3], 3), "BatchNormalization_0", "expected [2]");
        OpTest.AssertRejected(Build(14, [1, 2, 3, 3], 2, ("epsilon", -1f)), "BatchNormalization_0", "'epsilon' is -1");
        OpTest.AssertRejected(Build(14, [1, 2, 3, 3], 2, ("epsilon", 1L)), "BatchNormalization_0", "'epsilon' should be Float");
        OpTest.AssertRejected(Build(14, [1, 2, 3, 3], 2, ("is_test", 1L)), "BatchNormalization_0", "'is_test' was removed in opset 7");
        OpTest.AssertRejected(Build(6, [1, 2, 3, 3], 2, ("is_test", 0L)), "BatchNormalization_0", "'is_test' is 0");

        var extraOutputs = Builder(14, [1, 2, 3, 3], 2).Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y", "rm", "rv"]).Output("y").Build();
        OpTest.AssertRejected(extraOutputs, "BatchNormalization_0", "with training_mode 0", "training mode (training_mode = 1) only");
        var savedStatistics = Builder(9, [1, 2, 3, 3], 2).Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y", "rm", "rv", "sm", "sv"]).Output("y").Build();
        var twoOutputs = Builder(15, [1, 2, 3, 3], 2).Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y", "rm"], ("training_mode", 1L)).Output("y").Build();
        OpTest.AssertRejected(twoOutputs, "BatchNormalization_0", "requests 2 outputs with training_mode 1; expected 3");
        OpTest.AssertRejected(savedStatistics, "BatchNormalization_0", "only Y is supported before opset 14");
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
