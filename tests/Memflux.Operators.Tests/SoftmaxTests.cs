using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>Softmax and LogSoftmax share a kernel; each case runs for both op types.</summary>
public class SoftmaxTests
{
    [Theory]
    [InlineData("Softmax", 11, new[] { 2, 3, 4 }, null)]
    [InlineData("Softmax", 13, new[] { 2, 3, 4 }, null)]
    [InlineData("Softmax", 11, new[] { 2, 3, 4, 5 }, 2L)]
    [InlineData("Softmax", 13, new[] { 2, 3, 4, 5 }, 2L)]
    [InlineData("Softmax", 13, new[] { 2, 3, 4, 5 }, 0L)]
    [InlineData("Softmax", 11, new[] { 2, 3, 4, 5 }, -3L)]
    [InlineData("Softmax", 7, new[] { 3, 5 }, null)]
    [InlineData("Softmax", 21, new[] { 1, 1, 1 }, -1L)]
    [InlineData("Softmax", 13, new[] { 7 }, null)]
    [InlineData("LogSoftmax", 11, new[] { 2, 3, 4 }, null)]
    [InlineData("LogSoftmax", 13, new[] { 2, 3, 4 }, null)]
    [InlineData("LogSoftmax", 11, new[] { 2, 3, 4, 5 }, 2L)]
    [InlineData("LogSoftmax", 13, new[] { 2, 3, 4, 5 }, 1L)]
    [InlineData("LogSoftmax", 13, new[] { 2, 3, 4, 5 }, -4L)]
    [InlineData("LogSoftmax", 9, new[] { 4, 1, 3 }, 1L)]
    [InlineData("LogSoftmax", 21, new[] { 1, 1, 1 }, -1L)]
    public void Matches_ort(string op, int opset, int[] dims, long? axis)
    {
        // Spread values wide so a missing max subtraction would overflow exp.
        var x = RandomTensors.Uniform(1, dims, -60f, 60f);
        (string, object)[] attributes = axis is long a ? [("axis", a)] : [];
        var model = new OnnxModelBuilder(opset: opset).Input("x", dims).Node(op, ["x"], ["y"], attributes).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Theory]
    [InlineData("Softmax")]
    [InlineData("LogSoftmax")]
    public void Opset_11_and_13_differ_on_rank_3(string op)
    {
        // Default axis is 1 and coerces [2,3,4] to [2,12] before opset 13; from 13 it is −1 alone.
        int[] dims = [2, 3, 4];
        var inputs = OpTest.Input("x", dims);
        var y11 = Run(op, 11, dims, inputs);
        var y13 = Run(op, 13, dims, inputs);
        Assert.NotEqual(y11.Float32[0], y13.Float32[0]);
    }

    [Theory]
    [InlineData("Softmax")]
    [InlineData("LogSoftmax")]
    public void Rejects_invalid_nodes(string op)
    {
        var outOfRange = new OnnxModelBuilder(opset: 13).Input("x", [2, 3]).Node(op, ["x"], ["y"], ("axis", 2L)).Output("y").Build();
        OpTest.AssertRejected(outOfRange, $"{op}_0", "'axis' is 2, out of range");
        var attr = new OnnxModelBuilder(opset: 13).Input("x", [2, 3]).Node(op, ["x"], ["y"], ("beta", 1f)).Output("y").Build();
        OpTest.AssertRejected(attr, $"{op}_0", "'beta' is not supported");
        var two = new OnnxModelBuilder(opset: 13).Input("x", [2, 3]).Node(op, ["x", "x"], ["y"]).Output("y").Build();
        OpTest.AssertRejected(two, $"{op}_0", "expected 1 inputs, found 2");
    }

    private static Tensor Run(string op, int opset, int[] dims, Dictionary<string, Tensor> inputs)
    {
        var model = new OnnxModelBuilder(opset: opset).Input("x", dims).Node(op, ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, inputs, OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
        return new Graph.Execution.ReferenceExecutor(OnnxImporter.Load(model, "test.onnx")).Run(inputs)["y"];
    }
}
