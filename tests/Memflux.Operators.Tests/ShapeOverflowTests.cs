using Memflux.Graph.Execution;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Operators.Tests;

/// <summary>
/// Extreme attribute and constant-input values (±2^31, 2^62, long.MaxValue/MinValue, 1e30 scales) through the importer:
/// shape arithmetic that wrapped to a plausible size, saturated, or threw an internal exception is now an error naming
/// the node, or the exact result (issue 18 §4). A comment says how a case failed before its fix; cases without one
/// guard arithmetic that was changed to stay exact although the old result happened to be right.
/// </summary>
public class ShapeOverflowTests
{
    private const long TwoPow62 = 1L << 62;

    private static readonly Tensor X4 = TypedTensors.Random(DataType.Float32, 1, [2, 4]);

    [Fact]
    public void Tile_repeats_that_wrap_the_product_are_errors()
    {
        // 2^62 × 4 wrapped to 0 in 64 bits: a zero-size axis, accepted.
        new NodeCase("Tile", 13).In(X4).Const(Tensor.Vector(1, TwoPow62)).Out(DataType.Float32).ImportFails("found 4611686018427387904 for dimension 1 of size 4");
        new NodeCase("Tile", 13).In(X4).Const(Tensor.Vector(long.MaxValue, 1)).Out(DataType.Float32).ImportFails("below 2^31");
        new NodeCase("Tile", 13).In(X4).Const(Tensor.Vector(long.MinValue, 1)).Out(DataType.Float32).ImportFails("non-negative");
    }

    [Fact]
    public void Pad_values_beyond_int_range_are_errors()
    {
        // 4 + long.MaxValue + long.MaxValue wrapped to 2.
        new NodeCase("Pad", 13).In(X4).Const(Tensor.Vector(0, long.MaxValue, 0, long.MaxValue)).Out(DataType.Float32).ImportFails("expected pads within ±2147483647");
        new NodeCase("Pad", 13).In(X4).Const(Tensor.Vector(0, TwoPow62, 0, -TwoPow62)).Out(DataType.Float32).ImportFails("expected pads within ±2147483647");
        new NodeCase("Pad", 13).In(X4).Const(Tensor.Vector(0, long.MinValue, 0, 1)).Out(DataType.Float32).ImportFails("expected pads within ±2147483647");
    }

    [Theory]
    [InlineData(long.MinValue, 4, -10, new long[] { 4 })]
    [InlineData(long.MaxValue, 1, 10, new long[] { 1 })]
    [InlineData(-TwoPow62, long.MaxValue, long.MinValue, new long[] { 4 })]
    public void Slice_steps_beyond_the_axis_take_one_element(long step, long start, long end, long[] expected)
    {
        var x = Tensor.Vector(0, 1, 2, 3, 4);
        var y = RunConstant(new NodeCase("Slice", 13).Const(x).Const(Tensor.Vector(start)).Const(Tensor.Vector(end)).Const(Tensor.Vector(0)).Const(Tensor.Vector(step)).Out(DataType.Int64));
        Assert.Equal(expected, y.Int64.ToArray());
    }

    [Fact]
    public void Reshape_dimensions_whose_product_wraps_are_errors()
    {
        // 65536^4 = 2^64 wrapped to 0 and matched an empty input.
        var empty = Tensor.Zeros(DataType.Float32, new TensorShape(0));
        new NodeCase("Reshape", 13).Const(empty).Const(Tensor.Vector(65536, 65536, 65536, 65536)).Out(DataType.Float32).ImportFails("holds more than 2147483647 elements");
        new NodeCase("Reshape", 13).Const(empty).Const(Tensor.Vector(65536, 65536, 65536, 65536, -1)).Out(DataType.Float32).ImportFails("holds more than 2147483647 elements");

        // A 0 among huge dimensions still makes an empty tensor, as before.
        var y = RunConstant(new NodeCase("Reshape", 14).Const(empty).Const(Tensor.Vector(0, 65536, 65536)).Attr("allowzero", 1L).Out(DataType.Float32));
        Assert.Equal(new TensorShape(0, 65536, 65536), y.Shape);
    }

    [Fact]
    public void Range_counts_integer_ranges_exactly()
    {
        // limit − start wrapped in the element type: −1 for the full int64 range, an empty output.
        var y = RunConstant(new NodeCase("Range", 11).Const(TypedTensors.Scalar(DataType.Int64, long.MinValue)).Const(TypedTensors.Scalar(DataType.Int64, long.MaxValue))
            .Const(TypedTensors.Scalar(DataType.Int64, TwoPow62)).Out(DataType.Int64));
        Assert.Equal(new[] { long.MinValue, long.MinValue + TwoPow62, 0, TwoPow62 }, y.Int64.ToArray());

        var z = RunConstant(new NodeCase("Range", 11).Const(TypedTensors.Scalar(DataType.Int32, int.MinValue)).Const(TypedTensors.Scalar(DataType.Int32, int.MaxValue))
            .Const(TypedTensors.Scalar(DataType.Int32, 1 << 30)).Out(DataType.Int32));
        Assert.Equal(new[] { int.MinValue, -(1 << 30), 0, 1 << 30 }, z.AsSpan<int>().ToArray());

        new NodeCase("Range", 11).Const(TypedTensors.Scalar(DataType.Int64, long.MinValue)).Const(TypedTensors.Scalar(DataType.Int64, long.MaxValue))
            .Const(TypedTensors.Scalar(DataType.Int64, 1)).Out(DataType.Int64).ImportFails("give 1.8446744073709552E+19 elements");
    }

    [Fact]
    public void Range_is_checked_against_the_memory_budget_before_it_is_allocated()
    {
        // Found by the extreme-value fuzz target: Range computes its data while shapes are inferred, so its 8 GB
        // (int.MinValue to 9 by 2, in int64) were allocated before the output's budget check, and the host ran out.
        using var budget = MemoryBudget.Use(1 << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        new NodeCase("Range", 11).Const(TypedTensors.Scalar(DataType.Int64, int.MinValue)).Const(TypedTensors.Scalar(DataType.Int64, 9))
            .Const(TypedTensors.Scalar(DataType.Int64, 2)).Out(DataType.Int64).ImportFails("Range node 'Range_0'", "more than the memory budget");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "the refusal allocated the output");
    }

    [Theory]
    [InlineData(1e30f)]
    [InlineData(3e9f)]
    public void Resize_and_upsample_scales_past_2_31_are_errors(float scale)
    {
        // The float → int cast saturated: int.MaxValue columns, a plausible size under the memory budget.
        var x = TypedTensors.Random(DataType.Float32, 2, [1, 1, 1, 1]);
        var scales = Tensor.FromFloat32([1, 1, 1, scale], new TensorShape(4));
        new NodeCase("Resize", 13).In(x).Missing().Const(scales).Out(DataType.Float32).ImportFails("give dimension 3 the size", "expected a size below 2^31");
        new NodeCase("Resize", 10).In(x).Const(scales).Out(DataType.Float32).ImportFails("give dimension 3 the size", "expected a size below 2^31");
        new NodeCase("Upsample", 9).In(x).Const(scales).Out(DataType.Float32).ImportFails("give dimension 3 the size", "expected a size below 2^31");
        new NodeCase("Upsample", 7).In(x).Attr("scales", new[] { 1f, 1f, 1f, scale }).Out(DataType.Float32).ImportFails("give dimension 3 the size", "expected a size below 2^31");
    }

    [Fact]
    public void Resize_sizes_with_an_aspect_policy_past_2_31_are_errors()
    {
        // float(2^31 − 1) rounds to 2^31, which the cast saturated back to int.MaxValue.
        var x = TypedTensors.Random(DataType.Float32, 2, [1, 1, 1, 1]);
        new NodeCase("Resize", 18).In(x).Missing().Missing().Const(Tensor.Vector(int.MaxValue)).Attr("axes", new long[] { 3 }).Attr("keep_aspect_ratio_policy", "not_smaller")
            .Out(DataType.Float32).ImportFails("with keep_aspect_ratio_policy 'not_smaller' give dimension 3 the size");
    }

    [Fact]
    public void MaxUnpool_strides_and_pads_past_int_range_are_errors()
    {
        // (5 − 1) × 2^62 wrapped to 0: an unpooled size of 2 (the kernel), accepted.
        var x = TypedTensors.Random(DataType.Float32, 3, [1, 1, 5, 2]);
        var i = Tensor.FromInt64(new long[10], new TensorShape(1, 1, 5, 2));
        new NodeCase("MaxUnpool", 11).In(x).In(i).Attr("kernel_shape", new long[] { 2, 2 }).Attr("strides", new long[] { TwoPow62, 1 })
            .Out(DataType.Float32).ImportFails("'strides'", "values from 1 to 2147483647");
        new NodeCase("MaxUnpool", 11).In(x).In(i).Attr("kernel_shape", new long[] { 2, 2 }).Attr("pads", new long[] { long.MaxValue, 0, long.MaxValue, 0 })
            .Out(DataType.Float32).ImportFails("'pads'", "values from 0 to 2147483647");
    }

    [Fact]
    public void Block_sizes_past_int_range_are_errors()
    {
        var x = TypedTensors.Random(DataType.Float32, 4, [1, 4, 2, 2]);

        // blocksize² wrapped to 0: an internal DivideByZeroException.
        new NodeCase("DepthToSpace", 13).In(x).Attr("blocksize", 1L << 32).Out(DataType.Float32).ImportFails("blocksize 4294967296 must be 1 or more");
        new NodeCase("SpaceToDepth", 13).In(x).Attr("blocksize", (1L << 32) + 1).Out(DataType.Float32).ImportFails("blocksize 4294967297 must be 1 or more");

        // An empty input: 1 × 65536² channels wrapped to 0 in int, accepted as [1, 0, 0, 0].
        var empty = Tensor.Zeros(DataType.Float32, new TensorShape(1, 1, 0, 0));
        new NodeCase("SpaceToDepth", 13).Const(empty).Attr("blocksize", 65536L).Out(DataType.Float32).ImportFails("makes the 1 channels", "4294967296");
        var tall = Tensor.Zeros(DataType.Float32, new TensorShape(1, 0, 1 << 20, 1));
        new NodeCase("DepthToSpace", 13).Const(tall).Attr("blocksize", 4096L).Out(DataType.Float32).ImportFails("makes dimension 2", "4294967296");
    }

    [Fact]
    public void Split_entries_whose_sum_overflows_are_errors()
    {
        // The checked sum threw an internal OverflowException.
        new NodeCase("Split", 13).In(X4).Const(Tensor.Vector(long.MaxValue, long.MaxValue, 6)).Attr("axis", 1L)
            .Out(DataType.Float32).Out(DataType.Float32).Out(DataType.Float32).ImportFails("summing to 4");
    }

    [Fact]
    public void Concat_sizes_that_sum_past_2_31_are_errors()
    {
        // Four empty [0, 2^30] inputs summed to 2^32, wrapped to 0 in int: [0, 0], accepted.
        var empty = Tensor.Zeros(DataType.Float32, new TensorShape(0, 1 << 30));
        new NodeCase("Concat", 13).Const(empty).Const(empty).Const(empty).Const(empty).Attr("axis", 1L).Out(DataType.Float32)
            .ImportFails("add up to more than 2147483647");
    }

    [Fact]
    public void Flatten_of_an_empty_tensor_past_2_31_is_an_error_naming_the_node()
    {
        // The checked product threw an internal OverflowException; now the shape arithmetic backstop names the node.
        var empty = Tensor.Zeros(DataType.Float32, new TensorShape(0, 65536, 65536));
        new NodeCase("Flatten", 13).Const(empty).Attr("axis", 1L).Out(DataType.Float32).ImportFails("Flatten node 'Flatten_0'", "overflow integer arithmetic");
    }

    [Theory]
    [InlineData(long.MaxValue, 1L, "zeros")]
    [InlineData(long.MaxValue, 0L, "x")]
    [InlineData(long.MinValue, 1L, "x")]
    [InlineData(long.MinValue, 0L, "zeros")]
    public void Trilu_diagonals_far_off_the_matrix_keep_or_zero_everything(long k, long upper, string expected)
    {
        // i + long.MaxValue wrapped negative: rows 1.. of an upper triangle were kept, of a lower one zeroed.
        var x = TypedTensors.Random(DataType.Float32, 5, [3, 3]);
        var y = new ReferenceExecutor(OnnxImporter.Load(new NodeCase("Trilu", 14).In(x).Const(Tensor.Vector([k]).Reshape(TensorShape.Scalar)).Attr("upper", upper).Out(DataType.Float32).Build(), "test.onnx"))
            .Run(new Dictionary<string, Tensor> { ["x0"] = x })["y0"];
        Assert.Equal(expected == "x" ? x.Float32.ToArray() : new float[9], y.Float32.ToArray());
    }

    [Fact]
    public void Group_counts_past_int_range_are_errors()
    {
        // (int)(2^32 + 1) = 1: an empty ConvTranspose accepted with group 1.
        var x = Tensor.Zeros(DataType.Float32, new TensorShape(1, 0, 3, 3));
        var w = Tensor.Zeros(DataType.Float32, new TensorShape(0, 2, 1, 1));
        new NodeCase("ConvTranspose", 11).Const(x).Const(w).Attr("group", (1L << 32) + 1).Out(DataType.Float32).ImportFails("'group' is 4294967297");
        var xi = Tensor.Zeros(DataType.UInt8, new TensorShape(1, 0, 3, 3));
        var wi = Tensor.Zeros(DataType.UInt8, new TensorShape(0, 4, 1, 1));
        new NodeCase("ConvInteger", 10).Const(xi).Const(wi).Attr("group", TwoPow62).Out(DataType.Int32).ImportFails("group 4611686018427387904");
    }

    private static Tensor RunConstant(NodeCase node) =>
        new ReferenceExecutor(OnnxImporter.Load(node.Build(), "test.onnx")).Run(new Dictionary<string, Tensor>())["y0"];
}
