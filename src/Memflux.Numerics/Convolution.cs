using System.Buffers;

namespace Memflux.Numerics;

/// <summary>
/// 2-D convolution kernels (NCHW activations, OIHW weights): on AVX-512 machines, spatial kernels (kH·kW &gt; 1) run
/// the pixel-major <see cref="DirectConvolution"/>; the rest run one implicit-im2col GEMM per group over the whole batch
/// (B panels gathered straight from the input); depthwise convolution has its own direct kernel. Results do not depend
/// on the thread count.
/// </summary>
public static class Convolution
{
    /// <summary>
    /// y = conv(x, w) + bias, then + <paramref name="addend"/> (when not empty; y's shape) and max(·, 0) (when
    /// <paramref name="relu"/>), with the same bits as separate Add and Relu passes. <paramref name="bias"/> is empty or
    /// holds one value per output channel. The weights are packed on every call; with constant weights, pack them once
    /// with <see cref="PackWeights"/>.
    /// </summary>
    public static void Conv2D(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, ReadOnlySpan<float> addend = default, bool relu = false)
    {
        g.Validate();
        if (input.Length != g.InputLength || weight.Length != g.WeightLength || output.Length != g.OutputLength)
        {
            throw new ArgumentException(
                $"Conv2D buffers: input {input.Length} (expected {g.InputLength}), weight {weight.Length} (expected {g.WeightLength}), output {output.Length} (expected {g.OutputLength}).");
        }

        CheckBias(g, bias);
        CheckAddend(g, addend);
        if (g.Batch == 0)
        {
            return;
        }

        Conv2DCore(g, input, weight, null, bias, output, addend, relu);
    }

    /// <summary>
    /// As the overload with raw weights, with weights packed by <see cref="PackWeights"/> (they must fit
    /// <paramref name="g"/>; the batch and spatial sizes may differ from the geometry they were packed with).
    /// </summary>
    public static void Conv2D(in Conv2DGeometry g, ReadOnlySpan<float> input, PackedConvolutionWeights weight, ReadOnlySpan<float> bias, Span<float> output, ReadOnlySpan<float> addend = default, bool relu = false)
    {
        ArgumentNullException.ThrowIfNull(weight);
        g.Validate();
        if (!weight.Fits(g))
        {
            throw new ArgumentException(
                $"Packed weights are {weight.OutChannels}×{weight.InChannelsPerGroup}×{weight.KernelHeight}×{weight.KernelWidth} in {weight.Groups} groups; the geometry needs {g.OutChannels}×{g.InChannelsPerGroup}×{g.KernelHeight}×{g.KernelWidth} in {g.Groups} groups.");
        }

        if (input.Length != g.InputLength || output.Length != g.OutputLength)
        {
            throw new ArgumentException(
                $"Conv2D buffers: input {input.Length} (expected {g.InputLength}), output {output.Length} (expected {g.OutputLength}).");
        }

        CheckBias(g, bias);
        CheckAddend(g, addend);
        if (g.Batch == 0)
        {
            return;
        }

        Conv2DCore(g, input, default, weight, bias, output, addend, relu);
    }

    /// <summary>
    /// Rearranges OIHW <paramref name="weight"/> (for geometry <paramref name="g"/>; its batch and spatial sizes do not
    /// matter) into the layout the convolution kernels read, for reuse across calls. The result is a copy.
    /// </summary>
    public static PackedConvolutionWeights PackWeights(in Conv2DGeometry g, ReadOnlySpan<float> weight)
    {
        g.Validate();
        if (weight.Length != g.WeightLength)
        {
            throw new ArgumentException($"Conv2D weight holds {weight.Length} values, expected {g.WeightLength}.");
        }

        return PackWeightsCore(g, weight, GemmSettings.Threads);
    }

    private static unsafe PackedConvolutionWeights PackWeightsCore(in Conv2DGeometry g, ReadOnlySpan<float> weight, int threads)
    {
        var kernel = Gemm.MicroKernelFor(GemmSettings.Kernel);
        if (IsDepthwise(g))
        {
            var raw = new PackedConvolutionWeights(g, kernel, weight.Length) { IsDepthwise = true };
            weight.CopyTo(raw.Data.AsSpan(raw.Offset, weight.Length));
            return raw;
        }

        if (DirectConvolution.Applies(g, GemmSettings.Kernel))
        {
            var direct = new PackedConvolutionWeights(g, kernel, DirectConvolution.PackedLength(g)) { IsDirect = true };
            fixed (float* pw = weight, dst = direct.Data)
            {
                DirectConvolution.PackWeights(g, pw, dst + direct.Offset);
            }

            return direct;
        }

        var packed = new PackedConvolutionWeights(g, kernel, ImplicitGemmConvolution.PackedLength(g, kernel.Mr));
        fixed (float* pw = weight, dst = packed.Data)
        {
            ImplicitGemmConvolution.PackA(g, kernel.Mr, pw, dst + packed.Offset, threads);
        }

        return packed;
    }

    /// <summary>
    /// The geometry of the same convolution on the input as padded by <see cref="PadInput"/>: spatial sizes grown by the
    /// pads, pads 0 (the output is unchanged).
    /// </summary>
    public static Conv2DGeometry PaddedInputGeometry(in Conv2DGeometry g)
    {
        g.Validate();
        long length = g.Batch * ConvolutionPadding.ImageLength(g);
        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"The padded input would hold {length} values, more than the {Array.MaxLength} a buffer can.");
        }

        return ConvolutionPadding.Unpadded(g);
    }

    /// <summary>
    /// Copies NCHW <paramref name="input"/> into <paramref name="padded"/> (the input of
    /// <see cref="PaddedInputGeometry"/>) with the geometry's pads as zero borders.
    /// </summary>
    public static unsafe void PadInput(in Conv2DGeometry g, ReadOnlySpan<float> input, Span<float> padded)
    {
        int length = PaddedInputGeometry(g).InputLength;
        if (input.Length != g.InputLength || padded.Length != length)
        {
            throw new ArgumentException($"PadInput buffers: input {input.Length} (expected {g.InputLength}), padded {padded.Length} (expected {length}).");
        }

        fixed (float* px = input, pp = padded)
        {
            ConvolutionPadding.Pad(g, px, 0, g.Batch, pp, GemmSettings.Threads);
        }
    }

    /// <summary>
    /// y += <paramref name="addend"/> (when not empty; y's length), then y = max(y, 0) (when <paramref name="relu"/>): the
    /// convolutions' fused epilogue, with the bits of separate ONNX Add and Relu passes (NaN included).
    /// </summary>
    public static void ApplyEpilogue(Span<float> y, ReadOnlySpan<float> addend, bool relu)
    {
        if (!addend.IsEmpty && addend.Length != y.Length)
        {
            throw new ArgumentException($"Epilogue addend holds {addend.Length} values, expected {y.Length}.");
        }

        ConvolutionEpilogue.Apply(y, addend, relu);
    }

    /// <summary>
    /// y = source + <paramref name="bias"/> (when not null), then + <paramref name="addend"/> (when not empty) and ReLU
    /// (when <paramref name="relu"/>) in one pass, with the bits of the separate Add, Add and Relu.
    /// </summary>
    public static void ApplyBiasAndEpilogue(ReadOnlySpan<float> source, float? bias, Span<float> y, ReadOnlySpan<float> addend, bool relu)
    {
        if (source.Length != y.Length || (!addend.IsEmpty && addend.Length != y.Length))
        {
            throw new ArgumentException($"Epilogue source and addend must hold {y.Length} values, found {source.Length} and {addend.Length}.");
        }

        ConvolutionEpilogue.Apply(source, bias, y, addend, relu);
    }

    private static void CheckBias(in Conv2DGeometry g, ReadOnlySpan<float> bias)
    {
        if (!bias.IsEmpty && bias.Length != g.OutChannels)
        {
            throw new ArgumentException($"Conv2D bias holds {bias.Length} values, expected {g.OutChannels}.");
        }
    }

    private static void CheckAddend(in Conv2DGeometry g, ReadOnlySpan<float> addend)
    {
        if (!addend.IsEmpty && addend.Length != g.OutputLength)
        {
            throw new ArgumentException($"Conv2D addend holds {addend.Length} values, expected {g.OutputLength} (the output's).");
        }
    }

    private static bool IsDepthwise(in Conv2DGeometry g) => g.Groups > 1 && g.Groups == g.InChannels;

    private static unsafe void Conv2DCore(in Conv2DGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, PackedConvolutionWeights? packed, ReadOnlySpan<float> bias, Span<float> y, ReadOnlySpan<float> addend, bool relu)
    {
        int threads = GemmSettings.Threads;
        fixed (float* px = x, pw = w, pb = bias, py = y, pr = addend)
        {
            float* biasOrNull = bias.IsEmpty ? null : pb;
            float* addendOrNull = addend.IsEmpty ? null : pr;
            if (IsDepthwise(g))
            {
                if (packed is null)
                {
                    new DepthwiseConvolution(g, px, pw, biasOrNull, py, threads).Run();
                }
                else
                {
                    fixed (float* raw = packed.Data)
                    {
                        new DepthwiseConvolution(g, px, raw + packed.Offset, biasOrNull, py, threads).Run();
                    }
                }

                if (addendOrNull != null || relu)
                {
                    ConvolutionEpilogue.Apply(y, addend, relu);
                }

                return;
            }

            if (packed is { IsDirect: true })
            {
                fixed (float* pd = packed.Data)
                {
                    new DirectConvolution(g, px, pd + packed.Offset, biasOrNull, py, threads, addendOrNull, relu).Run();
                }

                return;
            }

            if (packed is null && DirectConvolution.Applies(g, GemmSettings.Kernel))
            {
                float[] panels = ArrayPool<float>.Shared.Rent(DirectConvolution.PackedLength(g) + Gemm.AlignFloats);
                try
                {
                    fixed (float* raw = panels)
                    {
                        float* pd = Gemm.Align64(raw);
                        DirectConvolution.PackWeights(g, pw, pd);
                        new DirectConvolution(g, px, pd, biasOrNull, py, threads, addendOrNull, relu).Run();
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(panels);
                }

                return;
            }

            if (packed is not null)
            {
                fixed (float* pa = packed.Data)
                {
                    new ImplicitGemmConvolution(g, px, packed.Kernel, pa + packed.Offset, biasOrNull, py, threads, addendOrNull, relu).Run();
                }

                return;
            }

            // One-off weights: pack into pooled scratch rather than a pinned, long-lived array.
            var kernel = Gemm.MicroKernelFor(GemmSettings.Kernel);
            float[] scratch = ArrayPool<float>.Shared.Rent(ImplicitGemmConvolution.PackedLength(g, kernel.Mr) + Gemm.AlignFloats);
            try
            {
                fixed (float* raw = scratch)
                {
                    float* pa = Gemm.Align64(raw);
                    ImplicitGemmConvolution.PackA(g, kernel.Mr, pw, pa, threads);
                    new ImplicitGemmConvolution(g, px, kernel, pa, biasOrNull, py, threads, addendOrNull, relu).Run();
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>
    /// The outputs o in [0, <paramref name="outCount"/>) whose input index o·stride + offset lies in [0, inSize),
    /// as the half-open range [lo, hi) (empty when lo = hi).
    /// </summary>
    internal static (int Lo, int Hi) ValidRange(int outCount, int stride, int offset, int inSize)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int last = inSize - 1 - offset;
        int hi = last < 0 ? 0 : Math.Min(outCount, (last / stride) + 1);
        lo = Math.Min(lo, outCount);
        return (lo, Math.Max(lo, hi));
    }
}
