using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class AveragePoolTests
{
    private const float Atol = 1e-6f;
    private const float Rtol = 1e-5f;

    private sealed record Case(int[] X, int Opset, (string, object)[] Attributes);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["k2s2"] = new([1, 2, 6, 8], 7, [("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })]),
        ["odd_floor"] = new([2, 3, 7, 9], 11, [("kernel_shape", new long[] { 3, 2 }), ("strides", new long[] { 2, 3 })]),
        ["pads_exclude"] = new([1, 2, 5, 6], 11, [("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 2, 2, 1 })]),
        ["pads_include"] = new([1, 2, 5, 6], 11, [("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 2, 2, 1 }), ("count_include_pad", 1L)]),
        ["ceil_exclude"] = new([1, 3, 7, 6], 10, [("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("ceil_mode", 1L)]),
        ["ceil_include_with_pads"] = new([1, 2, 8, 7], 19, [("kernel_shape", new long[] { 3, 2 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 0, 1, 1 }), ("ceil_mode", 1L), ("count_include_pad", 1L)]),
        ["same_upper_include"] = new([1, 2, 7, 8], 11, [("kernel_shape", new long[] { 3, 2 }), ("strides", new long[] { 2, 3 }), ("auto_pad", "SAME_UPPER"), ("count_include_pad", 1L)]),
        ["same_lower"] = new([1, 2, 7, 8], 11, [("kernel_shape", new long[] { 3, 2 }), ("strides", new long[] { 2, 3 }), ("auto_pad", "SAME_LOWER")]),
        ["valid"] = new([2, 1, 5, 5], 11, [("kernel_shape", new long[] { 2, 3 }), ("auto_pad", "VALID")]),
        ["size_one"] = new([1, 1, 1, 1], 13, [("kernel_shape", new long[] { 1, 1 })]),
        ["resnet_head"] = new([2, 8, 7, 7], 8, [("kernel_shape", new long[] { 7, 7 }), ("strides", new long[] { 1, 1 }), ("pads", new long[] { 0, 0, 0, 0 })]),
        ["pool1d_include"] = new([2, 3, 11], 12, [("kernel_shape", new long[] { 3 }), ("strides", new long[] { 2 }), ("pads", new long[] { 1, 2 }), ("count_include_pad", 1L)]),
        ["parallel_planes"] = new([2, 16, 40, 40], 11, [("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 }), ("count_include_pad", 1L)]),
        ["pool3d"] = new([2, 3, 5, 6, 7], 11, [("kernel_shape", new long[] { 2, 3, 2 }), ("strides", new long[] { 2, 1, 2 })]),
        ["pool3d_pads_exclude"] = new([1, 2, 5, 6, 4], 11, [("kernel_shape", new long[] { 3, 3, 2 }), ("pads", new long[] { 1, 2, 0, 1, 0, 1 })]),
        ["pool3d_pads_include_ceil"] = new([1, 2, 7, 6, 5], 19, [("kernel_shape", new long[] { 3, 2, 2 }), ("strides", new long[] { 2, 2, 2 }), ("pads", new long[] { 1, 0, 1, 1, 1, 0 }), ("ceil_mode", 1L), ("count_include_pad", 1L)]),
        ["pool3d_same_lower_include"] = new([1, 2, 5, 4, 6], 11, [("kernel_shape", new long[] { 2, 3, 3 }), ("strides", new long[] { 2, 2, 2 }), ("auto_pad", "SAME_LOWER"), ("count_include_pad", 1L)]),
        ["pool3d_dilated_opset19"] = new([1, 2, 7, 6, 8], 19, [("kernel_shape", new long[] { 2, 2, 3 }), ("dilations", new long[] { 2, 1, 2 }), ("pads", new long[] { 1, 0, 1, 0, 1, 0 })]),
        ["pool3d_parallel_planes"] = new([2, 8, 12, 12, 12], 11, [("kernel_shape", new long[] { 3, 3, 3 }), ("strides", new long[] { 2, 2, 2 }), ("pads", new long[] { 1, 1, 1, 1, 1, 1 }), ("count_include_pad", 1L)]),
        ["dilated_opset19"] = new([1, 2, 9, 8], 19, [("kernel_shape", new long[] { 2, 3 }), ("dilations", new long[] { 2, 2 }), ("pads", new long[] { 1, 0, 0, 1 })]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Matches_ort(string name)
    {
        var c = Cases[name];
        var model = new OnnxModelBuilder(opset: c.Opset).Input("x", c.X).Node("AveragePool", ["x"], ["y"], c.Attributes).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", c.X), Atol, Rtol);
    }

    [Fact]
    public void Rejects_invalid_nodes()
    {
        OpTest.AssertRejected(Build(13, ("kernel_shape", new long[] { 2, 2 }), ("count_include_pad", 3L)), "AveragePool_0", "'count_include_pad' (3)");
        OpTest.AssertRejected(Build(13, ("kernel_shape", new long[] { 2, 2 }), ("dilations", new long[] { 2, 2 })), "AveragePool_0", "'dilations' exists only from opset 19");
        OpTest.AssertRejected(Build(13, ("kernel_shape", new long[] { 2, 2 }), ("storage_order", 0L)), "AveragePool_0", "'storage_order' is not supported");
        OpTest.AssertRejected(Build(13, ("kernel_shape", new long[] { 5, 5 })), "AveragePool_0", "larger than the padded input");
    }

    private static byte[] Build(int opset, params (string, object)[] attributes) =>
        new OnnxModelBuilder(opset: opset).Input("x", [1, 1, 4, 4]).Node("AveragePool", ["x"], ["y"], attributes).Output("y").Build();
}
