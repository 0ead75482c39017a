using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>
/// Resize against ONNX Runtime. Nearest copies elements (exact); linear and cubic are weighted sums computed axis by
/// axis, so they differ from ONNX Runtime's direct formula by rounding: |Δ| ≤ 1e-5 + 1e-5·|ort|.
/// </summary>
public class ResizeTests
{
    private const float Atol = 1e-5f;
    private const float Rtol = 1e-5f;

    /// <summary>A case: input dims, opset, scales or sizes (the other null), attributes.</summary>
    private sealed record Case(int[] X, int Opset, float[]? Scales, long[]? Sizes, (string, object)[] Attributes);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["opset10_nearest_up"] = new([1, 2, 3, 4], 10, [1, 1, 2, 3], null, []),
        ["opset10_nearest_down"] = new([1, 2, 6, 7], 10, [1, 1, 0.5f, 0.6f], null, []),
        ["opset10_linear_up"] = new([1, 2, 3, 4], 10, [1, 1, 2, 2.5f], null, [("mode", "linear")]),
        ["opset11_scales_default"] = new([1, 2, 3, 4], 11, [1, 1, 2, 2], null, []),
        ["opset11_sizes"] = new([1, 2, 3, 4], 11, null, [1, 2, 7, 5], [("mode", "linear")]),
        ["pytorch_nearest_scale2"] = new([2, 3, 4, 5], 11, [1, 1, 2, 2], null, [("coordinate_transformation_mode", "asymmetric"), ("nearest_mode", "floor")]),
        ["pytorch_bilinear"] = new([1, 3, 5, 6], 11, [1, 1, 2, 2], null, [("mode", "linear"), ("coordinate_transformation_mode", "pytorch_half_pixel")]),
        ["pytorch_bilinear_align_corners"] = new([1, 3, 5, 6], 13, [1, 1, 2, 2], null, [("mode", "linear"), ("coordinate_transformation_mode", "align_corners")]),
        ["pytorch_bicubic"] = new([1, 2, 5, 6], 13, [1, 1, 2, 2], null, [("mode", "cubic"), ("coordinate_transformation_mode", "pytorch_half_pixel")]),
        ["nearest_round_prefer_floor_half_pixel"] = new([1, 1, 5, 6], 13, null, [1, 1, 8, 13], []),
        ["nearest_round_prefer_ceil_asymmetric"] = new([1, 1, 5, 6], 13, null, [1, 1, 8, 13], [("nearest_mode", "round_prefer_ceil"), ("coordinate_transformation_mode", "asymmetric")]),
        ["nearest_floor_align_corners"] = new([1, 1, 5, 6], 13, null, [1, 1, 8, 13], [("nearest_mode", "floor"), ("coordinate_transformation_mode", "align_corners")]),
        ["nearest_ceil_half_pixel"] = new([1, 1, 5, 6], 13, null, [1, 1, 8, 13], [("nearest_mode", "ceil")]),
        ["nearest_tf_half_pixel_for_nn_down"] = new([1, 1, 7, 9], 13, null, [1, 1, 3, 4], [("coordinate_transformation_mode", "tf_half_pixel_for_nn")]),
        ["nearest_pytorch_half_pixel_to_one"] = new([1, 2, 5, 6], 13, null, [1, 2, 1, 3], [("coordinate_transformation_mode", "pytorch_half_pixel")]),
        ["nearest_down_scales"] = new([1, 2, 7, 9], 13, [1, 1, 0.6f, 0.4f], null, []),
        ["nearest_all_axes"] = new([2, 3, 4], 13, [2, 0.5f, 1.5f], null, [("nearest_mode", "floor")]),
        ["linear_half_pixel_up_odd"] = new([1, 2, 7, 8], 13, null, [1, 2, 11, 13], [("mode", "linear")]),
        ["linear_half_pixel_down"] = new([1, 2, 9, 8], 13, null, [1, 2, 4, 5], [("mode", "linear")]),
        ["linear_asymmetric_down_scales"] = new([1, 2, 9, 8], 13, [1, 1, 0.5f, 0.75f], null, [("mode", "linear"), ("coordinate_transformation_mode", "asymmetric")]),
        ["linear_align_corners_down_scales"] = new([1, 1, 2, 4], 13, [1, 1, 0.6f, 0.6f], null, [("mode", "linear"), ("coordinate_transformation_mode", "align_corners")]),
        ["cubic_align_corners_down_scales"] = new([1, 1, 4, 4], 13, [1, 1, 0.8f, 0.8f], null, [("mode", "cubic"), ("coordinate_transformation_mode", "align_corners")]),
        ["nearest_align_corners_fraction_scales"] = new([1, 1, 5, 7], 13, [1, 1, 1.7f, 0.7f], null, [("coordinate_transformation_mode", "align_corners")]),
        ["linear_align_corners_to_one"] = new([1, 1, 4, 5], 13, null, [1, 1, 1, 3], [("mode", "linear"), ("coordinate_transformation_mode", "align_corners")]),
        ["linear_1d_last_axis"] = new([2, 3, 7], 13, [1, 1, 1.5f], null, [("mode", "linear")]),
        ["trilinear"] = new([1, 2, 3, 4, 5], 13, [1, 1, 2, 1.5f, 0.8f], null, [("mode", "linear")]),
        ["cubic_half_pixel"] = new([1, 2, 6, 7], 13, null, [1, 2, 9, 5], [("mode", "cubic")]),
        ["cubic_a_half_exclude_outside"] = new([1, 2, 6, 7], 13, [1, 1, 1.5f, 0.8f], null, [("mode", "cubic"), ("cubic_coeff_a", -0.5f), ("exclude_outside", 1L)]),
        ["cubic_align_corners"] = new([1, 1, 4, 4], 13, [1, 1, 2, 2], null, [("mode", "cubic"), ("coordinate_transformation_mode", "align_corners")]),
        ["cubic_asymmetric"] = new([1, 1, 4, 4], 13, [1, 1, 2, 2], null, [("mode", "cubic"), ("coordinate_transformation_mode", "asymmetric")]),
        ["opset18_axes"] = new([2, 3, 5, 6], 18, [2, 1.5f], null, [("axes", new long[] { 2, -1 }), ("mode", "linear")]),
        ["opset18_not_larger"] = new([1, 2, 4, 6], 18, null, [1, 2, 7, 9], [("keep_aspect_ratio_policy", "not_larger")]),
        ["opset18_not_smaller"] = new([1, 2, 4, 6], 18, null, [7, 9], [("axes", new long[] { 2, 3 }), ("keep_aspect_ratio_policy", "not_smaller"), ("mode", "linear")]),
        ["opset18_not_smaller_all_axes"] = new([1, 2, 4, 6], 18, null, [1, 2, 7, 9], [("keep_aspect_ratio_policy", "not_smaller")]),
        ["opset18_axes_not_larger"] = new([1, 2, 4, 6], 18, null, [7, 9], [("axes", new long[] { 2, 3 }), ("keep_aspect_ratio_policy", "not_larger")]),
        ["opset18_antialias_upsampling"] = new([1, 2, 4, 5], 18, [1, 1, 2, 3], null, [("mode", "linear"), ("antialias", 1L)]),
        ["opset19_half_pixel_symmetric"] = new([1, 2, 4, 5], 19, [1, 1, 1.7f, 0.6f], null, [("mode", "linear"), ("coordinate_transformation_mode", "half_pixel_symmetric")]),
        ["opset19_nearest"] = new([1, 2, 4, 5], 19, null, [1, 2, 9, 3], []),
        ["parallel_linear"] = new([2, 16, 32, 32], 13, [1, 1, 2, 2], null, [("mode", "linear")]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Matches_ort(string name)
    {
        var c = Cases[name];
        OperatorCheck.MatchesOrt(Build(c, DataType.Float32), OpTest.Input("x", c.X), Atol, Rtol);
    }

    [Theory]
    [InlineData(DataType.Float16)]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Int8)]
    [InlineData(DataType.UInt8)]
    public void Nearest_moves_every_supported_type(DataType type)
    {
        var c = Cases["nearest_round_prefer_floor_half_pixel"];
        var x = TypedRandom.Of(type, c.X, 5, low: type == DataType.UInt8 ? 0 : -100, high: 100);
        OperatorCheck.MatchesOrt(Build(c, type), new Dictionary<string, Tensor> { ["x"] = x }, 0f, 0f);
    }

    [Fact]
    public void Tf_crop_and_resize_matches_ort()
    {
        var roi = Tensor.FromFloat32([0, 0, 0.4f, 0.6f, 1, 1, 0.6f, 0.8f], new TensorShape(8));
        var model = new OnnxModelBuilder(13).Input("x", [1, 1, 4, 4]).Initializer("roi", roi).Initializer("sizes", Tensor.Vector(1, 1, 3, 3))
            .Node("Resize", ["x", "roi", "", "sizes"], ["y"], ("mode", "linear"), ("coordinate_transformation_mode", "tf_crop_and_resize")).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", [1, 1, 4, 4]), Atol, Rtol);
        var outside = Tensor.FromFloat32([0, 0, -0.2f, 0.6f, 1, 1, 0.6f, 1.3f], new TensorShape(8));
        var extrapolating = new OnnxModelBuilder(13).Input("x", [1, 1, 4, 4]).Initializer("roi", outside).Initializer("sizes", Tensor.Vector(1, 1, 5, 4))
            .Node("Resize", ["x", "roi", "", "sizes"], ["y"], ("mode", "linear"), ("coordinate_transformation_mode", "tf_crop_and_resize"), ("extrapolation_value", 10f)).Output("y").Build();
        OperatorCheck.MatchesOrt(extrapolating, OpTest.Input("x", [1, 1, 4, 4]), Atol, Rtol);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        OperatorCheck.ImportFails(Model(13, [1, 1, 2, 2], [1, 1, 2, 2], [1, 1, 4, 4]), "Resize node", "only one of inputs scales and sizes");
        OperatorCheck.ImportFails(Model(13, [1, 1, 2, 2], null, null), "one of inputs scales and sizes must be given");
        OperatorCheck.ImportFails(Model(13, [1, 1, 2, 2], [2, 2], null), "input scales has 2 values; expected 4");
        OperatorCheck.ImportFails(Model(13, [1, 1, 2, 2], [1, 1, 2, 2], null, ("mode", "bilinear")), "'mode' is 'bilinear'");
        OperatorCheck.ImportFails(Model(13, [1, 1, 2, 2], [1, 1, 2, 2], null, ("nearest_mode", "round")), "'nearest_mode' is 'round'");
        OperatorCheck.ImportFails(Model(18, [1, 1, 2, 2], [1, 1, 2, 2], null, ("coordinate_transformation_mode", "tf_half_pixel_for_nn")), "'coordinate_transformation_mode' is 'tf_half_pixel_for_nn'");
        OperatorCheck.ImportFails(Model(18, [1, 1, 4, 4], [1, 1, 0.5f, 0.5f], null, ("mode", "linear"), ("antialias", 1L)), "'antialias' = 1 with mode 'linear' when shrinking");
        OperatorCheck.ImportFails(Model(13, [1, 1, 2, 2], [1, 1, 2, 2], null, ("antialias", 1L)), "'antialias' exists only from opset 18");
        OperatorCheck.ImportFails(Model(18, [1, 1, 2, 2], [1, 1, 2, 2], null, ("keep_aspect_ratio_policy", "not_larger")), "applies only with input sizes");
        OperatorCheck.ImportFails(Model(10, [1, 1, 2, 2], [1, 1, 2, 2], null, ("coordinate_transformation_mode", "asymmetric")), "exists only from opset 11");
        OperatorCheck.ImportFails(Model(13, [1, 1, 2, 2], [1, 1, 2, -2], null), "positive finite values");
        var intLinear = new OnnxModelBuilder(13).Input("x", [1, 1, 2, 2], DataType.Int32).Initializer("scales", Tensor.FromFloat32([1, 1, 2, 2], new TensorShape(4)))
            .Node("Resize", ["x", "", "scales"], ["y"], ("mode", "linear")).Output("y", DataType.Int32).Build();
        OperatorCheck.ImportFails(intLinear, "input X is Int32; mode 'linear' supports Float32");
        var runtimeScales = new OnnxModelBuilder(13).Input("x", [1, 1, 2, 2]).Input("scales", [4]).Node("Resize", ["x", "", "scales"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(runtimeScales, "input 2 (scales) is computed at run time");
    }

    private static byte[] Build(Case c, DataType type) => Model(c.Opset, c.X, c.Scales, c.Sizes, type, c.Attributes);

    private static byte[] Model(int opset, int[] x, float[]? scales, long[]? sizes, params (string, object)[] attributes) =>
        Model(opset, x, scales, sizes, DataType.Float32, attributes);

    private static byte[] Model(int opset, int[] x, float[]? scales, long[]? sizes, DataType type, (string, object)[] attributes)
    {
        var b = new OnnxModelBuilder(opset).Input("x", x, type);
        if (opset < 11)
        {
            return b.Initializer("scales", Tensor.FromFloat32(scales!, new TensorShape(scales!.Length)))
                .Node("Resize", ["x", "scales"], ["y"], attributes).Output("y", type).Build();
        }

        b.Initializer("roi", Tensor.FromFloat32([], new TensorShape(0)));
        b.Initializer("scales", scales is null ? Tensor.FromFloat32([], new TensorShape(0)) : Tensor.FromFloat32(scales, new TensorShape(scales.Length)));
        string[] inputs = opset < 13 || scales is not null ? ["x", "roi", "scales"] : ["x", "", ""];
        if (sizes is not null)
        {
            b.Initializer("sizes", Tensor.Vector(sizes));
            inputs = opset < 13 ? ["x", "roi", "scales", "sizes"] : ["x", "", scales is null ? "" : "scales", "sizes"];
        }

        return b.Node("Resize", inputs, ["y"], attributes).Output("y", type).Build();
    }
}
