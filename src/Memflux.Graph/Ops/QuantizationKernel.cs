using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// Linear quantization as ONNX defines it (QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear and the integer
/// products): q = saturate(round_half_to_even(x / scale) + zero_point), x = (q − zero_point) · scale, with a scalar or
/// per-axis (1-D) scale and zero point, and the integer convolution and matrix products those ops build on.
/// </summary>
internal static class QuantizationKernel
{
    /// <summary>Integer types a quantized tensor may have here.</summary>
    public static bool IsQuantized(DataType type) => type is DataType.UInt8 or DataType.Int8 or DataType.UInt16 or DataType.Int16 or DataType.Int32;

    /// <summary>The range of a quantized type.</summary>
    public static (long Min, long Max) Range(DataType type) => type switch
    {
        DataType.UInt8 => (byte.MinValue, byte.MaxValue),
        DataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        DataType.UInt16 => (ushort.MinValue, ushort.MaxValue),
        DataType.Int16 => (short.MinValue, short.MaxValue),
        _ => (int.MinValue, int.MaxValue),
    };

    /// <summary>
    /// round_half_to_even(v) + zero point, saturated to <paramref name="type"/>. NaN, which ONNX leaves undefined, gives
    /// the type's minimum, as ONNX Runtime does.
    /// </summary>
    public static long Quantize(double v, long zeroPoint, DataType type)
    {
        var (min, max) = Range(type);
        double rounded = Math.Round(v, MidpointRounding.ToEven);
        return double.IsNaN(rounded) ? min : (long)Math.Clamp(rounded + zeroPoint, min, max);
    }

    /// <summary>
    /// The index into a scale/zero-point of <paramref name="parameterLength"/> elements for element <paramref name="i"/>
    /// of a tensor of shape <paramref name="shape"/> quantized along <paramref name="axis"/> (0 for a scalar).
    /// </summary>
    public static int ParameterIndex(int i, TensorShape shape, int axis, int parameterLength)
    {
        if (parameterLength == 1)
        {
            return 0;
        }

        int inner = 1;
        for (int d = axis + 1; d < shape.Rank; d++)
        {
            inner *= shape[d];
        }

        return (i / inner) % shape[axis];
    }

    /// <summary>Checks a scale or zero point: a scalar (or one element), or 1-D of the axis's size; returns the axis.</summary>
    public static int CheckParameter(Node node, TensorShape x, TensorInfo parameter, int index, string name)
    {
        if (parameter.Shape.ElementCount == 1 && parameter.Shape.Rank <= 1)
        {
            return 0; // per tensor: the axis attribute does not apply
        }

        int axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", 1), Math.Max(x.Rank, 1), "axis");
        if (parameter.Shape.Rank != 1 || x.Rank == 0 || parameter.Shape[0] != x[axis])
        {
            throw node.Error($"input {index} ({name}) must be a scalar or 1-D of the size of axis {axis} of {x}; found {parameter.Shape}.");
        }

        return axis;
    }

    /// <summary>Rejects attributes of later opsets that this implementation does not model (block quantization, fp8 saturation).</summary>
    public static void RejectBlocks(Node node)
    {
        if (node.Attributes.GetInt("block_size", 0) != 0)
        {
            throw node.Error($"attribute 'block_size' is {node.Attributes.GetInt("block_size", 0)}; blocked quantization is not supported (per-tensor and per-axis are).");
        }
    }

    /// <summary>Σ (a − za)(b − zb) over k for an [m, k] × [k, n] product of quantized values (exact in int64).</summary>
    public static void IntegerProduct(ReadOnlySpan<long> a, ReadOnlySpan<long> aZero, ReadOnlySpan<long> b, ReadOnlySpan<long> bZero, int m, int k, int n, Span<long> y)
    {
        for (int i = 0; i < m; i++)
        {
            long za = aZero.Length == 1 ? aZero[0] : aZero[i];
            for (int j = 0; j < n; j++)
            {
                long zb = bZero.Length == 1 ? bZero[0] : bZero[j];
                long sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += (a[(i * k) + p] - za) * (b[(p * n) + j] - zb);
                }

                y[(i * n) + j] = sum;
            }
        }
    }

    /// <summary>
    /// The integer convolution Σ (x − zx)(w − zw[o]) of NCHW <paramref name="x"/> and OIHW <paramref name="w"/> (exact in
    /// int64) over the window <paramref name="s"/>; padding reads zx, so padded taps contribute 0.
    /// </summary>
    public static long[] IntegerConvolution(long[] x, long xZero, long[] w, long[] wZero, int batch, int channels, int outChannels, int group, SpatialWindow s)
    {
        int cPerGroup = channels / group, oPerGroup = outChannels / group;
        var y = new long[batch * outChannels * s.OutHeight * s.OutWidth];
        for (int nIndex = 0; nIndex < batch; nIndex++)
        {
            for (int o = 0; o < outChannels; o++)
            {
                int g = o / oPerGroup;
                long zw = wZero.Length == 1 ? wZero[0] : wZero[o];
                for (int oy = 0; oy < s.OutHeight; oy++)
                {
                    for (int ox = 0; ox < s.OutWidth; ox++)
                    {
                        long sum = 0;
                        for (int c = 0; c < cPerGroup; c++)
                        {
                            int channel = (g * cPerGroup) + c;
                            for (int ky = 0; ky < s.KernelHeight; ky++)
                            {
                                int iy = (oy * s.StrideHeight) - s.PadTop + (ky * s.DilationHeight);
                                for (int kx = 0; kx < s.KernelWidth; kx++)
                                {
                                    int ix = (ox * s.StrideWidth) - s.PadLeft + (kx * s.DilationWidth);
                                    if (iy < 0 || iy >= s.InHeight || ix < 0 || ix >= s.InWidth)
                                    {
                                        continue;
                                    }

                                    long xv = x[(((((nIndex * channels) + channel) * s.InHeight) + iy) * s.InWidth) + ix] - xZero;
                                    long wv = w[(((((o * cPerGroup) + c) * s.KernelHeight) + ky) * s.KernelWidth) + kx] - zw;
                                    sum += xv * wv;
                                }
                            }
                        }

                        y[(((((nIndex * outChannels) + o) * s.OutHeight) + oy) * s.OutWidth) + ox] = sum;
                    }
                }
            }
        }

        return y;
    }

    /// <summary>A tensor's elements widened to int64 (a missing tensor reads as a single 0).</summary>
    public static long[] Longs(Tensor? t) => t is null ? [0] : OperatorInputs.ToInt64s(t);

    /// <summary>A tensor of an integer <paramref name="type"/> from int64 values (already in range).</summary>
    public static Tensor FromLongs(DataType type, long[] values, TensorShape shape)
    {
        var y = Tensor.Zeros(type, shape);
        for (int i = 0; i < values.Length; i++)
        {
            switch (type)
            {
                case DataType.UInt8: y.AsSpan<byte>()[i] = (byte)values[i]; break;
                case DataType.Int8: y.AsSpan<sbyte>()[i] = (sbyte)values[i]; break;
                case DataType.UInt16: y.AsSpan<ushort>()[i] = (ushort)values[i]; break;
                case DataType.Int16: y.AsSpan<short>()[i] = (short)values[i]; break;
                case DataType.Int32: y.AsSpan<int>()[i] = (int)values[i]; break;
                default: throw new ArgumentOutOfRangeException(nameof(type), type, "not a quantized type");
            }
        }

        return y;
    }

    /// <summary>The shape of a convolution's output for <paramref name="s"/> and the input rank.</summary>
    public static TensorShape ConvolutionShape(int batch, int outChannels, SpatialWindow s, int rank) =>
        rank == 3 ? new TensorShape(batch, outChannels, s.OutWidth) : new TensorShape(batch, outChannels, s.OutHeight, s.OutWidth);
}
