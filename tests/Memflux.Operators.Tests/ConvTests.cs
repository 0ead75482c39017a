using Memflux.Graph.Execution;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ConvTests
{
    private sealed record Case(int[] X, int[] W, bool Bias, int Opset, (string, object)[] Attributes);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["pad1_3x3"] = new([1, 3, 7, 9], [4, 3, 3, 3], true, 11, [("pads", new long[] { 1, 1, 1, 1 })]),
        ["strided_asymmetric_pads"] = new([2, 3, 11, 8], [5, 3, 3, 2], true, 13, [("strides", new long[] { 2, 3 }), ("pads", new long[] { 0, 1, 2, 0 })]),
        ["dilated"] = new([1, 2, 9, 7], [3, 2, 3, 3], false, 17, [("dilations", new long[] { 2, 1 }), ("pads", new long[] { 2, 0, 1, 1 })]),
        ["grouped"] = new([1, 4, 6, 5], [6, 2, 3, 3], true, 7, [("group", 2L)]),
        ["depthwise"] = new([2, 6, 7, 7], [6, 1, 3, 3], true, 21, [("group", 6L), ("pads", new long[] { 1, 1, 1, 1 }), ("strides", new long[] { 2, 2 })]),
        ["depthwise_multiplier"] = new([1, 3, 5, 6], [6, 1, 2, 2], false, 13, [("group", 3L)]),
        ["same_upper"] = new([1, 3, 7, 10], [2, 3, 2, 4], true, 11, [("auto_pad", "SAME_UPPER"), ("strides", new long[] { 2, 3 })]),
        ["same_lower"] = new([1, 3, 7, 10], [2, 3, 2, 4], true, 11, [("auto_pad", "SAME_LOWER"), ("strides", new long[] { 2, 3 })]),
        ["same_lower_stride1"] = new([1, 2, 5, 5], [3, 2, 4, 4], false, 7, [("auto_pad", "SAME_LOWER")]),
        ["valid"] = new([2, 3, 8, 7], [2, 3, 3, 3], true, 13, [("auto_pad", "VALID"), ("strides", new long[] { 2, 2 })]),
        ["kernel_shape_attr"] = new([1, 2, 5, 4], [3, 2, 2, 3], true, 9, [("kernel_shape", new long[] { 2, 3 })]),
        ["all_ones"] = new([1, 1, 1, 1], [1, 1, 1, 1], true, 13, []),
        ["pointwise"] = new([3, 5, 4, 4], [7, 5, 1, 1], true, 13, []),
        ["kernel_equals_input"] = new([2, 3, 5, 3], [4, 3, 5, 3], true, 13, []),
        ["conv1d"] = new([2, 3, 13], [4, 3, 3], true, 13, [("strides", new long[] { 2 }), ("pads", new long[] { 1, 2 }), ("dilations", new long[] { 2 })]),
        ["conv1d_same_grouped"] = new([1, 4, 9], [2, 2, 4], false, 11, [("auto_pad", "SAME_UPPER"), ("group", 2L)]),
        ["conv3d"] = new([2, 3, 5, 6, 7], [4, 3, 3, 2, 3], true, 11, []),
        ["conv3d_strides_pads_dilations"] = new([1, 2, 7, 8, 6], [3, 2, 3, 3, 2], true, 13, [("strides", new long[] { 2, 1, 2 }), ("pads", new long[] { 1, 0, 2, 1, 1, 0 }), ("dilations", new long[] { 2, 2, 1 })]),
        ["conv3d_grouped_no_bias"] = new([1, 4, 4, 5, 5], [6, 2, 2, 2, 2], false, 17, [("group", 2L), ("strides", new long[] { 2, 2, 2 })]),
        ["conv3d_same_upper"] = new([1, 2, 5, 4, 6], [2, 2, 3, 2, 3], true, 11, [("auto_pad", "SAME_UPPER"), ("strides", new long[] { 2, 1, 2 })]),
        ["conv3d_pointwise_large"] = new([2, 8, 6, 10, 10], [16, 8, 1, 1, 1], true, 13, []),
        ["resnet_stem"] = new([1, 3, 32, 32], [8, 3, 7, 7], false, 8, [("strides", new long[] { 2, 2 }), ("pads", new long[] { 3, 3, 3, 3 }), ("dilations", new long[] { 1, 1 }), ("group", 1L), ("kernel_shape", new long[] { 7, 7 })]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Matches_ort(string name)
    {
        var c = Cases[name];
        var b = new OnnxModelBuilder(opset: c.Opset).Input("x", c.X)
            .Initializer("w", RandomTensors.Uniform(2, c.W));
        string[] inputs = ["x", "w"];
        if (c.Bias)
        {
            b.Initializer("b", RandomTensors.Uniform(3, [c.W[0]]));
            inputs = ["x", "w", "b"];
        }

        var model = b.Node("Conv", inputs, ["y"], c.Attributes).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", c.X), OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);
    }

    [Fact]
    public void Weight_as_graph_input_and_empty_bias_name_match_ort()
    {
        var model = new OnnxModelBuilder(opset: 13).Input("x", [1, 2, 5, 6]).Input("w", [3, 2, 3, 3])
            .Node("Conv", ["x", "w", ""], ["y"], ("pads", new long[] { 0, 1, 1, 0 })).Output("y").Build();
        var inputs = OpTest.Input("x", [1, 2, 5, 6]);
        inputs["w"] = RandomTensors.Uniform(7, [3, 2, 3, 3]);
        OperatorCheck.MatchesOrt(model, inputs, OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);
    }

    [Fact]
    public void Same_upper_with_dilation_equals_explicit_spec_pads()
    {
        // ONNX Runtime rejects dilated SAME convolutions; the spec pads by the dilated extent: here H (3-1)·2+1 = 5
        // → total 4 → [2, 2]; W (2-1)·3+1 = 4 → total 3 → [1, 2] with the extra pad at the end.
        int[] x = [1, 2, 8, 9], w = [2, 2, 3, 2];
        var same = Build(x, w, ("auto_pad", "SAME_UPPER"), ("dilations", new long[] { 2, 3 }));
        var explicitPads = Build(x, w, ("pads", new long[] { 2, 1, 2, 2 }), ("dilations", new long[] { 2, 3 }));
        var inputs = OpTest.Input("x", x);
        var expected = OrtOracle.Run(explicitPads, inputs)["y"];
        var actual = new ReferenceExecutor(OnnxImporter.Load(same, "test.onnx")).Run(inputs)["y"];
        OperatorCheck.AssertClose(expected, actual, OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);
    }

    [Fact]
    public void Counts_macs_per_output_element()
    {
        var model = Build([2, 4, 6, 5], [6, 2, 3, 3], ("group", 2L), ("pads", new long[] { 1, 1, 1, 1 }));
        var graph = OnnxImporter.Load(model, "test.onnx");
        var node = graph.Nodes[0];

        // Output [2,6,6,5] = 360 elements, each 2 (C/group) × 3 × 3 MACs.
        Assert.Equal(360L * 2 * 3 * 3, Graph.Ops.OperatorRegistry.Default.Resolve(node).CountMacs(node));
    }

    [Fact]
    public void Conv3d_add_relu_chain_fused_by_the_executor_matches_ort()
    {
        int[] x = [1, 2, 4, 5, 6], w = [3, 2, 3, 3, 3], y = [1, 3, 4, 5, 6];
        var model = new OnnxModelBuilder(opset: 13).Input("x", x).Input("r", y)
            .Initializer("w", RandomTensors.Uniform(2, w)).Initializer("b", RandomTensors.Uniform(3, [3]))
            .Node("Conv", ["x", "w", "b"], ["c"], ("pads", new long[] { 1, 1, 1, 1, 1, 1 }))
            .Node("Add", ["c", "r"], ["s"]).Node("Relu", ["s"], ["y"]).Output("y").Build();
        var inputs = OpTest.Input("x", x);
        inputs["r"] = RandomTensors.Uniform(9, y);
        OperatorCheck.MatchesOrt(model, inputs, OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);
    }

    [Theory]
    [InlineData(new[] { 1, 3, 5, 5 }, new[] { 4, 2, 3, 3 }, "input channels")]
    [InlineData(new[] { 1, 2, 3, 3, 3, 3 }, new[] { 1, 2, 1, 1, 1, 1 }, "expected rank 3 (N,C,W), 4 (N,C,H,W) or 5 (N,C,D,H,W)")]
    [InlineData(new[] { 1, 2, 3, 3, 3 }, new[] { 1, 2, 4, 1, 1 }, "larger than the padded input")]
    [InlineData(new[] { 1, 2, 3, 3 }, new[] { 1, 2, 3 }, "expected rank 4")]
    [InlineData(new[] { 1, 2, 3, 3 }, new[] { 1, 2, 5, 5 }, "larger than the padded input")]
    [InlineData(new[] { 1, 2, 3, 3 }, new[] { 0, 2, 1, 1 }, "0 output and 2 input channels; expected at least 1 of each")] // passed inspect, then failed verify internally (issue 18)
    public void Rejects_mismatched_shapes(int[] x, int[] w, string fragment) =>
        OpTest.AssertRejected(Build(x, w), "Conv_0", fragment);

    [Fact]
    public void Rejects_bad_attributes()
    {
        OpTest.AssertRejected(Build([1, 4, 5, 5], [3, 4, 3, 3], ("group", 3L)), "Conv_0", "'group' is 3");
        OpTest.AssertRejected(Build([1, 4, 5, 5], [3, 4, 3, 3], ("auto_pad", "SAME")), "Conv_0", "auto_pad", "SAME");
        OpTest.AssertRejected(Build([1, 4, 5, 5], [3, 4, 3, 3], ("kernel_shape", new long[] { 3, 2 })), "Conv_0", "kernel_shape");
        OpTest.AssertRejected(Build([1, 4, 5, 5], [3, 4, 3, 3], ("strides", new long[] { 1 })), "Conv_0", "'strides' has 1 values; expected 2");
        OpTest.AssertRejected(Build([1, 4, 5, 5], [3, 4, 3, 3], ("strides", new long[] { 1, 0 })), "Conv_0", "'strides'");
        OpTest.AssertRejected(Build([1, 4, 5, 5], [3, 4, 3, 3], ("pads", new long[] { 1, 1, -1, 1 })), "Conv_0", "'pads'");
        OpTest.AssertRejected(Build([1, 4, 5, 5], [3, 4, 3, 3], ("auto_pad", "VALID"), ("pads", new long[] { 1, 1, 1, 1 })), "Conv_0", "cannot be combined");
        OpTest.AssertRejected(Build([1, 4, 5, 5], [3, 4, 3, 3], ("bogus", 1L)), "Conv_0", "'bogus' is not supported");
        // Pads near 2^31 used to wrap around to a plausible output shape (issue 18 §4).
        OpTest.AssertRejected(Build([1, 4, 5, 5], [3, 4, 3, 3], ("pads", new long[] { 2147483000, 0, 2147483000, 0 })), "Conv_0", "gives sizes beyond 2^31");
        OpTest.AssertRejected(Build([1, 4, 5, 5], [3, 4, 3, 3], ("dilations", new long[] { 2000000000, 1 })), "Conv_0", "gives sizes beyond 2^31");
    }

    [Fact]
    public void Rejects_wrong_inputs()
    {
        var oneInput = new OnnxModelBuilder(opset: 13).Input("x", [1, 2, 3, 3]).Node("Conv", ["x"], ["y"]).Output("y").Build();
        OpTest.AssertRejected(oneInput, "Conv_0", "expected 2 to 3 inputs, found 1");
        var badBias = new OnnxModelBuilder(opset: 13).Input("x", [1, 2, 3, 3])
            .Initializer("w", RandomTensors.Uniform(1, [4, 2, 1, 1])).Initializer("b", RandomTensors.Uniform(1, [3]))
            .Node("Conv", ["x", "w", "b"], ["y"]).Output("y").Build();
        OpTest.AssertRejected(badBias, "Conv_0", "bias B has shape [3]; expected [4]");
    }

    private static byte[] Build(int[] x, int[] w, params (string, object)[] attributes) =>
        new OnnxModelBuilder(opset: 13).Input("x", x).Initializer("w", RandomTensors.Uniform(2, w))
            .Node("Conv", ["x", "w"], ["y"], attributes).Output("y").Build();
}
