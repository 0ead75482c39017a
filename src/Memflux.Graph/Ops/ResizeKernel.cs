using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>How Resize maps an output coordinate to the input (ONNX <c>coordinate_transformation_mode</c>).</summary>
internal enum CoordinateTransform
{
    /// <summary>(x + 0.5) / scale − 0.5.</summary>
    HalfPixel,

    /// <summary>Half pixel, centred when the output is not exactly scale × input (opset 19).</summary>
    HalfPixelSymmetric,

    /// <summary>Half pixel, but 0 when the output length is 1.</summary>
    PytorchHalfPixel,

    /// <summary>x · (in − 1) / (out − 1).</summary>
    AlignCorners,

    /// <summary>x / scale.</summary>
    Asymmetric,

    /// <summary>(x + 0.5) / scale.</summary>
    TfHalfPixelForNearest,

    /// <summary>Sampling inside a region of interest; points outside the input take the extrapolation value.</summary>
    TfCropAndResize,
}

/// <summary>How nearest mode rounds a fractional input coordinate.</summary>
internal enum NearestRounding
{
    /// <summary>Round, halves down.</summary>
    RoundPreferFloor,

    /// <summary>Round, halves up.</summary>
    RoundPreferCeil,

    /// <summary>Floor.</summary>
    Floor,

    /// <summary>Ceil.</summary>
    Ceil,

    /// <summary>Resize-10 and Upsample: floor when enlarging, ceil when shrinking (ONNX Runtime's rule).</summary>
    Simple,
}

/// <summary>The interpolation of one Resize node, resolved at import.</summary>
/// <param name="Mode">nearest, linear or cubic.</param>
/// <param name="Transform">The coordinate transformation.</param>
/// <param name="Rounding">Nearest mode's rounding.</param>
/// <param name="CubicA">Cubic mode's coefficient a.</param>
/// <param name="ExcludeOutside">Cubic taps outside the input get weight 0 (the rest renormalized) instead of the edge value.</param>
/// <param name="Extrapolation">tf_crop_and_resize's value for points outside the input.</param>
/// <param name="Scales">Per-axis scale (output / input, as given or computed from sizes).</param>
/// <param name="RoiStart">Per-axis ROI start (tf_crop_and_resize), normalized.</param>
/// <param name="RoiEnd">Per-axis ROI end (tf_crop_and_resize), normalized.</param>
/// <param name="Output">The output shape.</param>
internal sealed record ResizeSpec(
    string Mode, CoordinateTransform Transform, NearestRounding Rounding, float CubicA, bool ExcludeOutside, float Extrapolation,
    float[] Scales, float[] RoiStart, float[] RoiEnd, TensorShape Output);

/// <summary>
/// The Resize / Upsample kernel. Interpolation is separable: each axis whose size or scale changes is resampled in
/// turn with per-output taps (1 for nearest, 2 for linear, 4 for cubic), which for linear and cubic equals the
/// multilinear / bicubic formula up to rounding. An axis with scale 1 is left as it is (as ONNX Runtime does, even
/// where tf_crop_and_resize's region of interest would move it). Nearest moves element bits, so it serves every element type; linear
/// and cubic compute in fp32.
/// </summary>
internal static class ResizeKernel
{
    /// <summary>Resizes <paramref name="x"/> to <see cref="ResizeSpec.Output"/>.</summary>
    public static Tensor Run(ResizeSpec spec, Tensor x)
    {
        var current = x;
        var outside = new bool[x.Shape.Rank][];
        for (int axis = 0; axis < x.Shape.Rank; axis++)
        {
            int input = x.Shape[axis], output = spec.Output[axis];
            // ONNX Runtime leaves an axis with scale 1 as it is, even under tf_crop_and_resize with a region of interest.
            if (input == output && spec.Scales[axis] == 1f)
            {
                continue;
            }

            var (index, weight, taps, outOfRange) = Taps(spec, axis, input, output);
            outside[axis] = outOfRange;
            current = Resample(current, axis, output, index, weight, taps);
        }

        if (spec.Transform == CoordinateTransform.TfCropAndResize)
        {
            Extrapolate(current, outside, spec.Extrapolation);
        }

        return ReferenceEquals(current, x) ? x.Clone() : current;
    }

    /// <summary>The input coordinate of output index <paramref name="o"/> along one axis, in fp32 as ONNX Runtime computes it.</summary>
    private static float Coordinate(ResizeSpec spec, int axis, int o, int input, int output)
    {
        float scale = spec.Scales[axis], x = o;
        switch (spec.Transform)
        {
            case CoordinateTransform.HalfPixel:
                return ((x + 0.5f) / scale) - 0.5f;
            case CoordinateTransform.HalfPixelSymmetric:
                float adjustment = output / (scale * input);
                float offset = input / 2f * (1 - adjustment);
                return offset + ((x + 0.5f) / scale) - 0.5f;
            case CoordinateTransform.PytorchHalfPixel:
                return output > 1 ? ((x + 0.5f) / scale) - 0.5f : 0f;
            case CoordinateTransform.AlignCorners:
                return output == 1 ? 0f : x * (input - 1) / (output - 1);
            case CoordinateTransform.Asymmetric:
                return x / scale;
            case CoordinateTransform.TfHalfPixelForNearest:
                return (x + 0.5f) / scale;
            default:
                float start = spec.RoiStart[axis], end = spec.RoiEnd[axis];
                return output > 1
                    ? (start * (input - 1)) + (x * (end - start) * (input - 1) / (output - 1))
                    : 0.5f * (start + end) * (input - 1);
        }
    }

    private static (int[] Index, float[] Weight, int Taps, bool[] Outside) Taps(ResizeSpec spec, int axis, int input, int output)
    {
        int taps = spec.Mode switch { "nearest" => 1, "linear" => 2, _ => 4 };
        var index = new int[output * taps];
        var weight = new float[output * taps];
        var outside = new bool[output];
        for (int o = 0; o < output; o++)
        {
            float c = Coordinate(spec, axis, o, input, output);
            outside[o] = c < 0 || c > input - 1;
            switch (spec.Mode)
            {
                case "nearest":
                    index[o] = Math.Clamp(Round(c, spec.Rounding, spec.Scales[axis] < 1), 0, input - 1);
                    weight[o] = 1;
                    break;
                case "linear":
                    float clamped = Math.Clamp(c, 0, input - 1);
                    int i0 = Math.Min((int)clamped, input - 1), i1 = Math.Min(i0 + 1, input - 1);
                    float w1 = clamped - i0;
                    index[2 * o] = i0;
                    index[(2 * o) + 1] = i1;
                    weight[2 * o] = 1 - w1;
                    weight[(2 * o) + 1] = w1;
                    break;
                default:
                    CubicTaps(spec, c, input, index.AsSpan(4 * o, 4), weight.AsSpan(4 * o, 4));
                    break;
            }
        }

        return (index, weight, taps, outside);
    }

    private static int Round(float c, NearestRounding rounding, bool shrinking) => rounding switch
    {
        NearestRounding.RoundPreferFloor => c == MathF.Truncate(c) + 0.5f ? (int)MathF.Floor(c) : (int)MathF.Round(c, MidpointRounding.AwayFromZero),
        NearestRounding.RoundPreferCeil => (int)MathF.Round(c, MidpointRounding.AwayFromZero),
        NearestRounding.Floor => (int)MathF.Floor(c),
        NearestRounding.Ceil => (int)MathF.Ceiling(c),
        _ => shrinking ? (int)MathF.Ceiling(c) : (int)c,
    };

    /// <summary>Keys' cubic convolution weights for the taps floor(c) − 1 .. floor(c) + 2.</summary>
    private static void CubicTaps(ResizeSpec spec, float c, int input, Span<int> index, Span<float> weight)
    {
        float a = spec.CubicA;
        int floor = (int)MathF.Floor(c);
        float r = c - floor;
        Span<float> distance = [1 + r, r, 1 - r, 2 - r];
        float total = 0;
        for (int t = 0; t < 4; t++)
        {
            float s = distance[t];
            float w = s <= 1 ? (((a + 2) * s * s * s) - ((a + 3) * s * s) + 1) : ((a * s * s * s) - (5 * a * s * s) + (8 * a * s) - (4 * a));
            int i = floor - 1 + t;
            if (spec.ExcludeOutside && (i < 0 || i >= input))
            {
                w = 0;
            }

            index[t] = Math.Clamp(i, 0, input - 1);
            weight[t] = w;
            total += w;
        }

        if (spec.ExcludeOutside && total != 0)
        {
            for (int t = 0; t < 4; t++)
            {
                weight[t] /= total;
            }
        }
    }

    /// <summary>Resamples <paramref name="axis"/> of <paramref name="x"/> to <paramref name="output"/> points.</summary>
    private static Tensor Resample(Tensor x, int axis, int output, int[] index, float[] weight, int taps)
    {
        var dims = x.Shape.Dimensions.ToArray();
        int outer = OperatorInputs.Product(dims, 0, axis), input = dims[axis], inner = OperatorInputs.Product(dims, axis + 1, dims.Length);
        dims[axis] = output;
        var y = Tensor.Zeros(x.Type, new TensorShape(dims));
        if (taps == 1)
        {
            switch (x.Type.Size())
            {
                case 1: Gather(x.Bits<byte>(), y.Bits<byte>(), outer, input, output, inner, index); break;
                case 2: Gather(x.Bits<ushort>(), y.Bits<ushort>(), outer, input, output, inner, index); break;
                case 4: Gather(x.Bits<uint>(), y.Bits<uint>(), outer, input, output, inner, index); break;
                default: Gather(x.Bits<ulong>(), y.Bits<ulong>(), outer, input, output, inner, index); break;
            }

            return y;
        }

        float[] xs = x.Float32Array, ys = y.Float32Array;
        if (inner == 1)
        {
            // The last axis: each output is a short dot product, cheaper in scalar code than span calls of length 1.
            PoolLoop.ForEachPlane(outer, (long)output * taps, o =>
            {
                var src = new ReadOnlySpan<float>(xs, o * input, input);
                var dst = new Span<float>(ys, o * output, output);
                for (int j = 0; j < output; j++)
                {
                    float sum = 0;
                    for (int t = 0; t < taps; t++)
                    {
                        sum += src[index[(j * taps) + t]] * weight[(j * taps) + t];
                    }

                    dst[j] = sum;
                }
            });
            return y;
        }

        PoolLoop.ForEachPlane(outer, (long)output * inner * taps, o =>
        {
            for (int j = 0; j < output; j++)
            {
                var dst = ys.AsSpan(((o * output) + j) * inner, inner);
                for (int t = 0; t < taps; t++)
                {
                    var src = xs.AsSpan(((o * input) + index[(j * taps) + t]) * inner, inner);
                    TensorPrimitives.MultiplyAdd(src, weight[(j * taps) + t], dst, dst);
                }
            }
        });
        return y;
    }

    private static void Gather<T>(Span<T> x, Span<T> y, int outer, int input, int output, int inner, int[] index)
    {
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < output; j++)
            {
                x.Slice(((o * input) + index[j]) * inner, inner).CopyTo(y.Slice(((o * output) + j) * inner, inner));
            }
        }
    }

    /// <summary>Sets every output point with a coordinate outside the input (on any axis) to <paramref name="value"/>.</summary>
    private static void Extrapolate(Tensor y, bool[]?[] outside, float value)
    {
        var dims = y.Shape.Dimensions;
        var data = y.Float32;
        Span<int> counter = stackalloc int[dims.Length];
        for (int i = 0; i < data.Length; i++)
        {
            for (int a = 0; a < dims.Length; a++)
            {
                if (outside[a] is { } flags && flags[counter[a]])
                {
                    data[i] = value;
                    break;
                }
            }

            for (int a = dims.Length - 1; a >= 0; a--)
            {
                if (++counter[a] < dims[a])
                {
                    break;
                }

                counter[a] = 0;
            }
        }
    }
}
