using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>ConvTranspose against ONNX Runtime; sums of products, so OpTest's sum tolerances (1e-5 + 1e-4·|ort|).</summary>
public class ConvTransposeTests
{
    private sealed record Case(int[] X, int[] W, bool Bias, int Opset, (string, object)[] Attributes);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["default"] = new([1, 2, 3, 4], [2, 3, 3, 3], true, 11, []),
        ["pytorch_unet_k2s2"] = new([2, 8, 5, 6], [8, 4, 2, 2], true, 17, [("strides", new long[] { 2, 2 })]),
        ["pytorch_k3s2p1_output_padding"] = new([1, 4, 5, 7], [4, 3, 3, 3], true, 13, [("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 }), ("output_padding", new long[] { 1, 1 })]),
        ["pytorch_k4s2p1"] = new([1, 3, 6, 5], [3, 2, 4, 4], false, 11, [("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 }), ("kernel_shape", new long[] { 4, 4 })]),
        ["asymmetric_pads_strides"] = new([1, 2, 4, 5], [2, 3, 3, 2], true, 11, [("strides", new long[] { 3, 2 }), ("pads", new long[] { 1, 2, 0, 1 })]),
        ["dilations"] = new([1, 2, 4, 4], [2, 2, 3, 2], true, 11, [("dilations", new long[] { 2, 3 })]),
        ["grouped"] = new([2, 6, 3, 4], [6, 2, 3, 3], true, 13, [("group", 3L), ("strides", new long[] { 2, 1 })]),
        ["depthwise"] = new([1, 4, 5, 5], [4, 1, 3, 3], false, 17, [("group", 4L), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 })]),
        ["output_shape"] = new([1, 1, 3, 3], [1, 2, 3, 3], false, 11, [("strides", new long[] { 3, 2 }), ("output_shape", new long[] { 10, 8 })]),
        ["output_shape_odd_total"] = new([1, 2, 4, 3], [2, 2, 3, 3], true, 17, [("strides", new long[] { 2, 2 }), ("output_shape", new long[] { 8, 6 })]),
        ["output_shape_larger_within_stride"] = new([1, 2, 3, 4], [2, 2, 3, 3], true, 17, [("strides", new long[] { 3, 2 }), ("output_shape", new long[] { 11, 10 })]),
        ["output_shape_with_padding"] = new([1, 1, 3, 3], [1, 2, 3, 3], false, 11, [("strides", new long[] { 3, 2 }), ("output_padding", new long[] { 1, 1 }), ("output_shape", new long[] { 10, 8 })]),
        ["same_upper"] = new([1, 2, 3, 4], [2, 2, 3, 3], false, 11, [("auto_pad", "SAME_UPPER"), ("strides", new long[] { 2, 2 })]),
        ["same_lower"] = new([1, 2, 3, 4], [2, 2, 3, 3], true, 11, [("auto_pad", "SAME_LOWER"), ("strides", new long[] { 2, 2 })]),
        ["same_upper_even_kernel"] = new([1, 2, 3, 4], [2, 2, 4, 2], true, 17, [("auto_pad", "SAME_UPPER"), ("strides", new long[] { 1, 3 })]),
        ["valid"] = new([1, 2, 3, 3], [2, 2, 2, 2], true, 11, [("auto_pad", "VALID"), ("strides", new long[] { 2, 2 })]),
        ["conv1d"] = new([2, 3, 7], [3, 4, 3], true, 13, [("strides", new long[] { 2 }), ("pads", new long[] { 1, 0 }), ("output_padding", new long[] { 1 })]),
        ["conv1d_dilated_grouped"] = new([1, 4, 6], [4, 3, 2], false, 11, [("dilations", new long[] { 3 }), ("group", 2L)]),
        ["conv3d"] = new([1, 2, 3, 4, 3], [2, 3, 2, 3, 2], true, 11, [("strides", new long[] { 2, 1, 2 }), ("pads", new long[] { 0, 1, 0, 1, 0, 1 })]),
        ["conv3d_output_padding"] = new([2, 2, 2, 3, 3], [2, 2, 3, 3, 3], false, 17, [("strides", new long[] { 2, 2, 2 }), ("pads", new long[] { 1, 1, 1, 1, 1, 1 }), ("output_padding", new long[] { 1, 0, 1 })]),
        ["size_one"] = new([1, 1, 1, 1], [1, 1, 1, 1], true, 13, []),
        ["parallel_channels"] = new([1, 16, 12, 12], [16, 8, 3, 3], true, 17, [("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 }), ("output_padding", new long[] { 1, 1 })]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Matches_ort(string name)
    {
        var c = Cases[name];
        var b = new OnnxModelBuilder(opset: c.Opset).Input("x", c.X).Initializer("w", RandomTensors.Uniform(2, c.W));
        string[] inputs = ["x", "w"];
        if (c.Bias)
        {
            b.Initializer("b", RandomTensors.Uniform(3, [c.W[1] * (int)(c.Attributes.FirstOrDefault(a => a.Item1 == "group").Item2 as long? ?? 1L)]));
            inputs = ["x", "w", "b"];
        }

        var model = b.Node("ConvTranspose", inputs, ["y"], c.Attributes).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", c.X), OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);
    }

    [Fact]
    public void Weight_as_graph_input_matches_ort()
    {
        var model = new OnnxModelBuilder(opset: 13).Input("x", [1, 2, 4, 3]).Input("w", [2, 3, 2, 2])
            .Node("ConvTranspose", ["x", "w", ""], ["y"], ("strides", new long[] { 2, 2 })).Output("y").Build();
        var inputs = OpTest.Input("x", [1, 2, 4, 3]);
        inputs["w"] = RandomTensors.Uniform(7, [2, 3, 2, 2]);
        OperatorCheck.MatchesOrt(model, inputs, OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        OperatorCheck.ImportFails(Build([1, 2, 3, 3], [3, 2, 3, 3]), "ConvTranspose node", "has 3 input channels, but X");
        OperatorCheck.ImportFails(Build([1, 2, 3, 3], [2, 2, 3], []), "expected rank 4");
        OperatorCheck.ImportFails(Build([1, 3, 3, 3], [3, 2, 3, 3], ("group", 2L)), "'group' is 2");
        OperatorCheck.ImportFails(Build([1, 2, 3, 3], [2, 2, 3, 3], ("kernel_shape", new long[] { 2, 2 })), "'kernel_shape' [2,2] does not match");
        OperatorCheck.ImportFails(Build([1, 2, 3, 3], [2, 2, 3, 3], ("output_padding", new long[] { 1, 1 })), "'output_padding' [1,1] must be smaller");
        OperatorCheck.ImportFails(Build([1, 2, 3, 3], [2, 2, 3, 3], ("pads", new long[] { 1, 1 })), "'pads' has 2 values; expected 4");
        OperatorCheck.ImportFails(Build([1, 2, 3, 3], [2, 2, 3, 3], ("pads", new long[] { 3, 3, 3, 3 })), "would be -1");
        OperatorCheck.ImportFails(Build([1, 2, 3, 3], [2, 2, 3, 3], ("auto_pad", "SAME"), ("strides", new long[] { 2, 2 })), "'auto_pad' is 'SAME'");
        OperatorCheck.ImportFails(Build([1, 2, 3, 3], [2, 2, 3, 3], ("output_shape", new long[] { 7, 5 })), "asks for 7 in spatial dimension 0; the transposed convolution produces 5");
        OperatorCheck.ImportFails(Build([1, 2, 3, 3, 3, 3], [2, 2, 3, 3, 3, 3]), "expected rank 3, 4 or 5");
    }

    private static byte[] Build(int[] x, int[] w, params (string, object)[] attributes) =>
        new OnnxModelBuilder(opset: 13).Input("x", x).Initializer("w", RandomTensors.Uniform(2, w))
            .Node("ConvTranspose", ["x", "w"], ["y"], attributes).Output("y").Build();
}
