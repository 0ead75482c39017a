using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class MaxPoolTests
{
    private sealed record Case(int[] X, int Opset, bool Indices, (string, object)[] Attributes);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["k2s2"] = new([1, 2, 6, 8], 7, false, [("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 })]),
        ["odd_floor"] = new([2, 3, 7, 9], 11, false, [("kernel_shape", new long[] { 3, 2 }), ("strides", new long[] { 2, 3 })]),
        ["resnet_asymmetric_pads"] = new([1, 4, 11, 11], 8, false, [("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 0, 0 }), ("storage_order", 0L)]),
        ["pads_all_sides"] = new([1, 2, 5, 6], 12, false, [("kernel_shape", new long[] { 3, 3 }), ("pads", new long[] { 1, 2, 2, 1 })]),
        ["dilated"] = new([1, 2, 9, 8], 10, false, [("kernel_shape", new long[] { 2, 3 }), ("dilations", new long[] { 3, 2 }), ("pads", new long[] { 1, 0, 0, 1 })]),
        ["ceil_mode"] = new([1, 3, 7, 6], 10, false, [("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("ceil_mode", 1L)]),
        ["ceil_mode_last_window_in_pad"] = new([1, 1, 4, 5], 12, false, [("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 0, 0, 1, 1 }), ("ceil_mode", 1L)]),
        ["same_upper"] = new([1, 2, 7, 8], 11, false, [("kernel_shape", new long[] { 3, 2 }), ("strides", new long[] { 2, 3 }), ("auto_pad", "SAME_UPPER")]),
        ["same_lower"] = new([1, 2, 7, 8], 11, false, [("kernel_shape", new long[] { 3, 2 }), ("strides", new long[] { 2, 3 }), ("auto_pad", "SAME_LOWER")]),
        ["valid"] = new([2, 1, 5, 5], 11, false, [("kernel_shape", new long[] { 2, 3 }), ("auto_pad", "VALID")]),
        ["size_one"] = new([1, 1, 1, 1], 13, false, [("kernel_shape", new long[] { 1, 1 })]),
        ["pool1d"] = new([2, 3, 11], 12, false, [("kernel_shape", new long[] { 3 }), ("strides", new long[] { 2 }), ("pads", new long[] { 1, 1 })]),
        ["indices"] = new([2, 3, 7, 6], 12, true, [("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 })]),
        ["indices_dilated_1d"] = new([2, 2, 10], 12, true, [("kernel_shape", new long[] { 2 }), ("dilations", new long[] { 3 })]),
        ["parallel_planes"] = new([2, 16, 40, 40], 8, false, [("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 0, 0 })]),
        ["parallel_planes_indices"] = new([2, 16, 40, 40], 12, true, [("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 1 })]),
        ["wide_rows_vector_tails"] = new([1, 3, 9, 53], 12, false, [("kernel_shape", new long[] { 2, 4 }), ("strides", new long[] { 1, 3 }), ("dilations", new long[] { 1, 2 }), ("pads", new long[] { 0, 3, 1, 2 })]),
        ["resnet_stem_shape"] = new([1, 64, 112, 112], 8, false, [("kernel_shape", new long[] { 3, 3 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 0, 0, 1, 1 })]),
        ["pool3d"] = new([2, 3, 5, 6, 7], 12, false, [("kernel_shape", new long[] { 2, 3, 2 }), ("strides", new long[] { 2, 1, 2 })]),
        ["pool3d_pads_dilations_ceil"] = new([1, 2, 7, 6, 8], 12, false, [("kernel_shape", new long[] { 3, 2, 2 }), ("strides", new long[] { 2, 2, 3 }), ("pads", new long[] { 1, 0, 1, 1, 1, 0 }), ("dilations", new long[] { 2, 1, 2 }), ("ceil_mode", 1L)]),
        ["pool3d_same_upper"] = new([1, 2, 5, 4, 6], 11, false, [("kernel_shape", new long[] { 2, 3, 3 }), ("strides", new long[] { 2, 2, 2 }), ("auto_pad", "SAME_UPPER")]),
        ["pool3d_indices"] = new([2, 2, 4, 5, 6], 12, true, [("kernel_shape", new long[] { 2, 2, 3 }), ("strides", new long[] { 1, 2, 2 }), ("pads", new long[] { 1, 0, 1, 0, 1, 1 })]),
        ["pool3d_parallel_planes"] = new([2, 8, 12, 12, 12], 12, false, [("kernel_shape", new long[] { 3, 3, 3 }), ("strides", new long[] { 2, 2, 2 }), ("pads", new long[] { 1, 1, 1, 1, 1, 1 })]),
        ["indices_column_major"] = new([2, 3, 7, 6], 12, true, [("kernel_shape", new long[] { 3, 2 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 0, 1, 1 }), ("storage_order", 1L)]),
        ["indices_column_major_1d"] = new([2, 2, 9], 12, true, [("kernel_shape", new long[] { 3 }), ("strides", new long[] { 2 }), ("storage_order", 1L)]),
        ["indices_opset8"] = new([1, 2, 5, 5], 8, true, [("kernel_shape", new long[] { 2, 2 }), ("storage_order", 0L)]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Matches_ort(string name)
    {
        var c = Cases[name];
        var b = new OnnxModelBuilder(opset: c.Opset).Input("x", c.X);
        if (c.Indices)
        {
            b.Node("MaxPool", ["x"], ["y", "i"], c.Attributes).Output("y").Output("i", Numerics.DataType.Int64);
        }
        else
        {
            b.Node("MaxPool", ["x"], ["y"], c.Attributes).Output("y");
        }

        OperatorCheck.MatchesOrt(b.Build(), OpTest.Input("x", c.X), 0f, 0f);
    }

    [Theory]
    [InlineData(Numerics.DataType.Float64)]
    [InlineData(Numerics.DataType.Float16)]
    [InlineData(Numerics.DataType.Int8)]
    [InlineData(Numerics.DataType.UInt8)]
    public void Other_types_match_ort(Numerics.DataType type)
    {
        foreach (int[] dims in new[] { new[] { 2, 3, 7, 6 }, [2, 3, 9], [1, 2, 4, 5, 6] })
        {
            long[] kernel = [.. Enumerable.Repeat(2L, dims.Length - 2)], strides = [.. Enumerable.Repeat(2L, dims.Length - 2)];
            var model = new OnnxModelBuilder(opset: 12).Input("x", dims, type)
                .Node("MaxPool", ["x"], ["y", "i"], ("kernel_shape", kernel), ("strides", strides), ("ceil_mode", 1L))
                .Output("y", type).Output("i", Numerics.DataType.Int64).Build();
            var x = TypedRandom.Of(type, dims, 5, low: type == Numerics.DataType.UInt8 ? 0 : -100, high: 100);
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Numerics.Tensor> { ["x"] = x }, 0f, 0f);
        }
    }

    [Fact]
    public void Rejects_invalid_nodes()
    {
        OpTest.AssertRejected(Build([1, 1, 4, 4], ("kernel_shape", new long[] { 2, 2 }), ("storage_order", 2L)), "MaxPool_0", "'storage_order' is 2");
        OpTest.AssertRejected(Build([1, 1, 4, 4]), "MaxPool_0", "'kernel_shape'", "missing");
        OpTest.AssertRejected(Build([1, 1, 4, 4], ("kernel_shape", new long[] { 2, 2 }), ("pads", new long[] { 2, 0, 0, 0 })), "MaxPool_0", "smaller than the kernel");
        OpTest.AssertRejected(Build([1, 1, 4, 4], ("kernel_shape", new long[] { 2 })), "MaxPool_0", "kernel has 1 spatial dimensions");
        OpTest.AssertRejected(Build([1, 1, 2, 2, 2, 2], ("kernel_shape", new long[] { 1, 1, 1, 1 })), "MaxPool_0", "3-D (N,C,D,H,W) windows are supported");
        OpTest.AssertRejected(Build([1, 1, 2, 2, 2], ("kernel_shape", new long[] { 2, 2 })), "MaxPool_0", "needs rank 5 (N,C,D,H,W) and 3 kernel sizes");
        OpTest.AssertRejected(Build([1, 1, 3, 3, 3], ("kernel_shape", new long[] { 2, 2, 2 }), ("pads", new long[] { 0, 0, 2, 0, 0, 0 })), "MaxPool_0", "must be smaller than the kernel");
        OpTest.AssertRejected(Build([1, 1, 4, 4], ("kernel_shape", new long[] { 2, 2 }), ("ceil_mode", 2L)), "MaxPool_0", "'ceil_mode' is 2");
        OpTest.AssertRejected(Build([1, 1, 4, 4], ("kernel_shape", new long[] { 2, 2 }), ("p", 2L)), "MaxPool_0", "'p' is not supported");
        var twoInputs = new OnnxModelBuilder(opset: 13).Input("x", [1, 1, 2, 2]).Node("MaxPool", ["x", "x"], ["y"], ("kernel_shape", new long[] { 1, 1 })).Output("y").Build();
        OpTest.AssertRejected(twoInputs, "MaxPool_0", "expected 1 inputs, found 2");
    }

    private static byte[] Build(int[] x, params (string, object)[] attributes) =>
        new OnnxModelBuilder(opset: 13).Input("x", x).Node("MaxPool", ["x"], ["y"], attributes).Output("y").Build();
}
