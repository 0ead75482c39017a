using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Resize (opsets 10–21): nearest (round_prefer_floor, round_prefer_ceil, floor, ceil), linear (any number of
/// axes: bilinear, trilinear) and cubic (cubic_coeff_a, exclude_outside) interpolation; coordinate transformations
/// half_pixel, half_pixel_symmetric (19+), pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn (11–17)
/// and tf_crop_and_resize (with roi and extrapolation_value); scales or sizes as constant inputs; axes and
/// keep_aspect_ratio_policy (18+). Opset 10 is Upsample's semantics (asymmetric, nearest floors when enlarging).
/// antialias is supported where it has no effect (nearest, or no axis shrinks) and is an error otherwise.
/// Nearest serves fp32, fp16, int32, int8 and uint8; linear and cubic fp32.
/// </summary>
public sealed class Resize : Operator
{
    private static readonly DataType[] NearestTypes = [DataType.Float32, DataType.Float16, DataType.Int32, DataType.Int8, DataType.UInt8];

    /// <inheritdoc />
    public override string OpType => "Resize";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } =
    [
        "antialias", "axes", "coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside", "extrapolation_value",
        "keep_aspect_ratio_policy", "mode", "nearest_mode",
    ];

    /// <inheritdoc />
    public override int MaxInputs => 4;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(x.Type, Specify(node, x, inputs).Output)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [ResizeKernel.Run(Specify(node, TensorInfo.Of(x), OperatorInputs.Describe(inputs)), x)];
    }

    private static ResizeSpec Specify(Node node, TensorInfo x, IReadOnlyList<TensorInfo?> inputs)
    {
        int rank = x.Shape.Rank;
        string mode = node.Attributes.GetString("mode", "nearest");
        if (node.Opset < 11)
        {
            var late = node.Attributes.Keys.FirstOrDefault(k => k != "mode");
            if (late is not null)
            {
                throw node.Error($"attribute '{late}' exists only from opset 11.");
            }

            if (inputs.Count != 2)
            {
                throw node.Error($"before opset 11 Resize takes 2 inputs (X, scales); found {inputs.Count}.");
            }

            var legacy = ConstantFloats(node, inputs, 1, "scales") ?? throw node.Error("input 1 (scales) is required.");
            return Legacy(node, x, mode, legacy, allowShrink: true);
        }

        RequireType(node, x.Type, mode);
        foreach (string name in new[] { "antialias", "axes", "keep_aspect_ratio_policy" })
        {
            if (node.Attributes.ContainsKey(name) && node.Opset < 18)
            {
                throw node.Error($"attribute '{name}' exists only from opset 18.");
            }
        }

        if (node.Opset < 13 && inputs.Count < 3)
        {
            throw node.Error($"before opset 13 inputs roi and scales are required (roi may be empty); found {inputs.Count} inputs.");
        }

        var transform = Transform(node);
        var rounding = node.Attributes.GetString("nearest_mode", "round_prefer_floor") switch
        {
            "round_prefer_floor" => NearestRounding.RoundPreferFloor,
            "round_prefer_ceil" => NearestRounding.RoundPreferCeil,
            "floor" => NearestRounding.Floor,
            "ceil" => NearestRounding.Ceil,
            var other => throw node.Error($"attribute 'nearest_mode' is '{other}'; expected round_prefer_floor, round_prefer_ceil, floor or ceil."),
        };
        long exclude = node.Attributes.GetInt("exclude_outside", 0);
        if (exclude is not (0 or 1))
        {
            throw node.Error($"attribute 'exclude_outside' is {exclude}; expected 0 or 1.");
        }

        int[] axes = Axes(node, rank);
        var scales = ConstantFloats(node, inputs, 2, "scales");
        var sizes = OperatorInputs.ConstantIntsOrNull(node, inputs, 3, "sizes");
        scales = scales is { Length: 0 } ? null : scales;
        sizes = sizes is { Length: 0 } ? null : sizes;
        if ((scales is null) == (sizes is null))
        {
            throw node.Error(scales is null ? "one of inputs scales and sizes must be given; found neither." : "only one of inputs scales and sizes may be given; found both.");
        }

        int given = (scales?.Length ?? sizes!.Length);
        if (given != axes.Length)
        {
            throw node.Error($"input {(scales is null ? "sizes" : "scales")} has {given} values; expected {axes.Length} (one per {(axes.Length == rank ? "input dimension" : "axis in 'axes'")}).");
        }

        var (roiStart, roiEnd) = Roi(node, inputs, transform, axes, rank);
        var fullScales = Enumerable.Repeat(1f, rank).ToArray();
        var output = x.Shape.Dimensions.ToArray();
        string policy = node.Attributes.GetString("keep_aspect_ratio_policy", "stretch");
        if (policy is not ("stretch" or "not_larger" or "not_smaller"))
        {
            throw node.Error($"attribute 'keep_aspect_ratio_policy' is '{policy}'; expected stretch, not_larger or not_smaller.");
        }

        if (sizes is not null)
        {
            if (sizes.Any(s => s <= 0 || s > int.MaxValue))
            {
                throw node.Error($"input sizes [{string.Join(",", sizes)}] must hold positive sizes.");
            }

            if (policy == "stretch")
            {
                for (int i = 0; i < axes.Length; i++)
                {
                    output[axes[i]] = (int)sizes[i];
                    fullScales[axes[i]] = (float)sizes[i] / x.Shape[axes[i]];
                }
            }
            else
            {
                float scale = policy == "not_larger" ? float.MaxValue : float.MinValue;
                for (int i = 0; i < axes.Length; i++)
                {
                    float s = (float)sizes[i] / x.Shape[axes[i]];
                    scale = policy == "not_larger" ? Math.Min(scale, s) : Math.Max(scale, s);
                }

                foreach (int a in axes)
                {
                    fullScales[a] = scale;
                    output[a] = ScaledSize(node, MathF.Round(scale * x.Shape[a], MidpointRounding.AwayFromZero), a, $"sizes [{string.Join(",", sizes)}] with keep_aspect_ratio_policy '{policy}'");
                }
            }
        }
        else
        {
            if (policy != "stretch")
            {
                throw node.Error($"attribute 'keep_aspect_ratio_policy' '{policy}' applies only with input sizes; found scales.");
            }

            for (int i = 0; i < axes.Length; i++)
            {
                float s = scales![i];
                if (!(s > 0) || float.IsInfinity(s))
                {
                    throw node.Error($"input scales [{string.Join(",", scales)}] must hold positive finite values.");
                }

                int a = axes[i];
                fullScales[a] = s;
                float extent = transform == CoordinateTransform.TfCropAndResize ? x.Shape[a] * (roiEnd[a] - roiStart[a]) : x.Shape[a];
                output[a] = ScaledSize(node, MathF.Floor(extent * s), a, $"scales [{string.Join(",", scales)}]");
            }
        }

        if (output.Any(d => d <= 0))
        {
            throw node.Error($"the output shape [{string.Join(",", output)}] from input {x.Shape} has an empty dimension.");
        }

        long antialias = node.Attributes.GetInt("antialias", 0);
        if (antialias is not (0 or 1))
        {
            throw node.Error($"attribute 'antialias' is {antialias}; expected 0 or 1.");
        }

        if (antialias == 1 && mode != "nearest" && fullScales.Any(s => s < 1))
        {
            throw node.Error($"attribute 'antialias' = 1 with mode '{mode}' when shrinking (scales [{string.Join(",", fullScales)}]) is not supported.");
        }

        return new ResizeSpec(
            mode, transform, rounding, node.Attributes.GetFloat("cubic_coeff_a", -0.75f), exclude == 1,
            node.Attributes.GetFloat("extrapolation_value", 0f), fullScales, roiStart, roiEnd, new TensorShape(output));
    }

    /// <summary>Resize-10 and Upsample: scales for every axis, asymmetric coordinates, nearest floors when enlarging.</summary>
    internal static ResizeSpec Legacy(Node node, TensorInfo x, string mode, float[] scales, bool allowShrink)
    {
        if (mode is not ("nearest" or "linear"))
        {
            throw node.Error($"attribute 'mode' is '{mode}'; expected nearest or linear.");
        }

        RequireType(node, x.Type, mode);
        int rank = x.Shape.Rank;
        if (scales.Length != rank)
        {
            throw node.Error($"scales has {scales.Length} values; expected {rank} (one per dimension of X {x.Shape}).");
        }

        var output = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            if (!(scales[i] > 0) || float.IsInfinity(scales[i]) || (!allowShrink && scales[i] < 1))
            {
                throw node.Error($"scales [{string.Join(",", scales)}] must hold finite values {(allowShrink ? "> 0" : "≥ 1")}.");
            }

            output[i] = ScaledSize(node, MathF.Floor(x.Shape[i] * scales[i]), i, $"scales [{string.Join(",", scales)}]");
            if (output[i] <= 0)
            {
                throw node.Error($"scales [{string.Join(",", scales)}] make dimension {i} of X {x.Shape} empty.");
            }
        }

        float[] zeros = new float[rank], ones = [.. Enumerable.Repeat(1f, rank)];
        return new ResizeSpec(mode, CoordinateTransform.Asymmetric, NearestRounding.Simple, -0.75f, false, 0f, scales, zeros, ones, new TensorShape(output));
    }

    /// <summary>
    /// An output dimension computed in fp32 (as ONNX Runtime does), or an error when it is not below 2^31: a cast saturates, so a
    /// scale of 1e30 gave int.MaxValue, a plausible size, rather than an error (issue 18 §4).
    /// </summary>
    internal static int ScaledSize(Node node, double size, int axis, string what) =>
        size is >= int.MinValue and <= int.MaxValue
            ? (int)size
            : throw node.Error($"{what} give dimension {axis} the size {size:G6}; expected a size below 2^31.");

    /// <summary>The constant fp32 values of an optional input, or null when it is absent.</summary>
    internal static float[]? ConstantFloats(Node node, IReadOnlyList<TensorInfo?> inputs, int index, string what)
    {
        var info = index < inputs.Count ? inputs[index] : null;
        if (info is null)
        {
            return null;
        }

        if (!info.Type.IsFloatingPoint() || info.Shape.Rank > 1)
        {
            throw node.Error($"input {index} ({what}) must be a 1-D floating-point tensor; found {info.Type}{info.Shape}.");
        }

        if (info.Constant is null)
        {
            throw node.Error($"input {index} ({what}) is computed at run time; it determines the output shape, and dynamic shapes that cannot be resolved at import are not supported (make it an initializer or a Constant).");
        }

        var values = new float[info.Constant.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)info.Constant.GetAsDouble(i);
        }

        return values;
    }

    private static void RequireType(Node node, DataType type, string mode)
    {
        if (mode is not ("nearest" or "linear" or "cubic"))
        {
            throw node.Error($"attribute 'mode' is '{mode}'; expected nearest, linear or cubic.");
        }

        if (mode == "nearest" ? !NearestTypes.Contains(type) : type != DataType.Float32)
        {
            string expected = mode == "nearest" ? string.Join(", ", NearestTypes) : "Float32";
            throw node.Error($"input X is {type}; mode '{mode}' supports {expected}.");
        }
    }

    private static CoordinateTransform Transform(Node node)
    {
        string name = node.Attributes.GetString("coordinate_transformation_mode", "half_pixel");
        return name switch
        {
            "half_pixel" => CoordinateTransform.HalfPixel,
            "half_pixel_symmetric" when node.Opset >= 19 => CoordinateTransform.HalfPixelSymmetric,
            "pytorch_half_pixel" => CoordinateTransform.PytorchHalfPixel,
            "align_corners" => CoordinateTransform.AlignCorners,
            "asymmetric" => CoordinateTransform.Asymmetric,
            "tf_half_pixel_for_nn" when node.Opset < 18 => CoordinateTransform.TfHalfPixelForNearest,
            "tf_crop_and_resize" => CoordinateTransform.TfCropAndResize,
            _ => throw node.Error($"attribute 'coordinate_transformation_mode' is '{name}'; expected half_pixel, pytorch_half_pixel, align_corners, asymmetric, tf_crop_and_resize, {(node.Opset < 18 ? "tf_half_pixel_for_nn" : "half_pixel_symmetric (from opset 19)")}."),
        };
    }

    private static int[] Axes(Node node, int rank)
    {
        var axes = node.Attributes.GetInts("axes");
        return axes is null ? [.. Enumerable.Range(0, rank)] : OperatorInputs.NormalizeAxes(node, axes, rank, "axis");
    }

    private static (float[] Start, float[] End) Roi(Node node, IReadOnlyList<TensorInfo?> inputs, CoordinateTransform transform, int[] axes, int rank)
    {
        float[] start = new float[rank], end = [.. Enumerable.Repeat(1f, rank)];
        if (transform != CoordinateTransform.TfCropAndResize)
        {
            return (start, end);
        }

        var roi = ConstantFloats(node, inputs, 1, "roi") ?? [];
        if (roi.Length != 2 * axes.Length)
        {
            throw node.Error($"input 1 (roi) has {roi.Length} values; tf_crop_and_resize needs {2 * axes.Length} (starts then ends).");
        }

        for (int i = 0; i < axes.Length; i++)
        {
            start[axes[i]] = roi[i];
            end[axes[i]] = roi[i + axes.Length];
        }

        return (start, end);
    }
}
