namespace Memflux.Numerics;

/// <summary>
/// 2-D convolution kernels (NCHW activations, OIHW weights): im2col + <see cref="Gemm"/> per group (a 1×1,
/// stride-1, unpadded convolution uses the input as the matrix directly), and a direct kernel for depthwise
/// convolution. Results do not depend on the thread count.
/// </summary>
public static class Convolution
{
    /// <summary>
    /// y = conv(x, w) + bias. <paramref name="bias"/> is empty or holds one value per output channel.
    /// </summary>
    public static void Conv2D(in Conv2DGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        g.Validate();
        if (input.Length != g.InputLength || weight.Length != g.WeightLength || output.Length != g.OutputLength)
        {
            throw new ArgumentException(
                $"Conv2D buffers: input {input.Length} (expected {g.InputLength}), weight {weight.Length} (expected {g.WeightLength}), output {output.Length} (expected {g.OutputLength}).");
        }

        if (!bias.IsEmpty && bias.Length != g.OutChannels)
        {
            throw new ArgumentException($"Conv2D bias holds {bias.Length} values, expected {g.OutChannels}.");
        }

        Conv2DCore(g, input, weight, bias, output);
    }

    private static unsafe void Conv2DCore(in Conv2DGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (g.Batch == 0)
        {
            return;
        }

        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            float* biasOrNull = bias.IsEmpty ? null : pb;
            if (g.Groups > 1 && g.Groups == g.InChannels)
            {
                new DepthwiseConvolution(g, px, pw, biasOrNull, py, GemmSettings.Threads).Run();
            }
            else
            {
                new Im2ColConvolution(g, px, pw, biasOrNull, py, GemmSettings.Threads).Run();
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
