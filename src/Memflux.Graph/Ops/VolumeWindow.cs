using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// The sliding-window geometry of a 3-D Conv, MaxPool or AveragePool (N, C, D, H, W), resolved by
/// <see cref="SpatialWindow.ResolveVolume"/>; lists are (depth, height, width). The 3-D kernels are simple loops
/// (pooling) and an explicit im2col + GEMM (convolution); the 1-D and 2-D kernels are separate.
/// </summary>
internal sealed record VolumeWindow(int[] In, int[] Kernel, int[] Strides, int[] Dilations, int[] PadBegin, int[] PadEnd, int[] Out)
{
    /// <summary>Elements of one input plane (D·H·W).</summary>
    public int InPlane => In[0] * In[1] * In[2];

    /// <summary>Elements of one output plane.</summary>
    public int OutPlane => Out[0] * Out[1] * Out[2];

    /// <summary>The output shape (N, channels, D, H, W).</summary>
    public TensorShape OutputShape(int batch, int channels) => new(batch, channels, Out[0], Out[1], Out[2]);

    /// <summary>Throws when a pad is as large as the kernel window (ONNX Runtime rejects it for pooling).</summary>
    public void RequirePadsSmallerThanKernel(Node node)
    {
        for (int i = 0; i < 3; i++)
        {
            if (PadBegin[i] >= Kernel[i] || PadEnd[i] >= Kernel[i])
            {
                throw node.Error($"pads [{string.Join(",", PadBegin.Concat(PadEnd))}] must be smaller than the kernel [{string.Join(",", Kernel)}].");
            }
        }
    }

    /// <summary>
    /// Max pooling of one (n, c) plane; the first in-bounds element seeds the maximum and later ones replace it only
    /// when greater (as ONNX Runtime; NaN is kept only where it comes first); an empty window gives
    /// <paramref name="lowest"/>. Indices, when wanted, are flat indices into X: the plane's offset plus the position
    /// in the plane, row-major or (with <paramref name="columnMajor"/>, storage_order 1) column-major.
    /// </summary>
    public void MaxPlane<T>(ReadOnlySpan<T> xData, Span<T> yData, Span<long> indices, int plane, T lowest, bool columnMajor)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        var x = xData.Slice(plane * InPlane, InPlane);
        var y = yData.Slice(plane * OutPlane, OutPlane);
        long planeOffset = (long)plane * InPlane;
        int o = 0;
        for (int od = 0; od < Out[0]; od++)
        {
            var (d0, kdBegin, kdEnd) = WindowRange.Of(od, In[0], Kernel[0], Strides[0], PadBegin[0], Dilations[0]);
            for (int oh = 0; oh < Out[1]; oh++)
            {
                var (h0, khBegin, khEnd) = WindowRange.Of(oh, In[1], Kernel[1], Strides[1], PadBegin[1], Dilations[1]);
                for (int ow = 0; ow < Out[2]; ow++, o++)
                {
                    var (w0, kwBegin, kwEnd) = WindowRange.Of(ow, In[2], Kernel[2], Strides[2], PadBegin[2], Dilations[2]);
                    int bestIndex = -1;
                    T best = lowest;
                    for (int kd = kdBegin; kd < kdEnd; kd++)
                    {
                        for (int kh = khBegin; kh < khEnd; kh++)
                        {
                            int row = ((((d0 + (kd * Dilations[0])) * In[1]) + h0 + (kh * Dilations[1])) * In[2]) + w0;
                            for (int kw = kwBegin; kw < kwEnd; kw++)
                            {
                                T v = x[row + (kw * Dilations[2])];
                                if (v > best || bestIndex < 0)
                                {
                                    best = v;
                                    bestIndex = row + (kw * Dilations[2]);
                                }
                            }
                        }
                    }

                    y[o] = best;
                    if (!indices.IsEmpty)
                    {
                        indices[(plane * OutPlane) + o] = planeOffset + (columnMajor ? ColumnMajor(bestIndex) : bestIndex);
                    }
                }
            }
        }
    }

    /// <summary>The column-major position (d fastest, then h, then w) of row-major plane position <paramref name="index"/>.</summary>
    private int ColumnMajor(int index)
    {
        int w = index % In[2], h = index / In[2] % In[1], d = index / (In[1] * In[2]);
        return d + (In[0] * (h + (In[1] * w)));
    }

    /// <summary>
    /// Average pooling of one (n, c) plane: the divisor counts the in-bounds taps, or with <paramref name="includePad"/>
    /// the taps before the end of the padded input (a ceil_mode window hanging past the pad does not count them).
    /// </summary>
    public void AveragePlane(ReadOnlySpan<float> xData, Span<float> yData, bool includePad, int plane)
    {
        var x = xData.Slice(plane * InPlane, InPlane);
        var y = yData.Slice(plane * OutPlane, OutPlane);
        int o = 0;
        for (int od = 0; od < Out[0]; od++)
        {
            var (d0, kdBegin, kdEnd) = WindowRange.Of(od, In[0], Kernel[0], Strides[0], PadBegin[0], Dilations[0]);
            int padD = WindowRange.PaddedCount(d0, Kernel[0], Dilations[0], In[0] + PadEnd[0]);
            for (int oh = 0; oh < Out[1]; oh++)
            {
                var (h0, khBegin, khEnd) = WindowRange.Of(oh, In[1], Kernel[1], Strides[1], PadBegin[1], Dilations[1]);
                int padH = WindowRange.PaddedCount(h0, Kernel[1], Dilations[1], In[1] + PadEnd[1]);
                for (int ow = 0; ow < Out[2]; ow++, o++)
                {
                    var (w0, kwBegin, kwEnd) = WindowRange.Of(ow, In[2], Kernel[2], Strides[2], PadBegin[2], Dilations[2]);
                    float sum = 0;
                    for (int kd = kdBegin; kd < kdEnd; kd++)
                    {
                        for (int kh = khBegin; kh < khEnd; kh++)
                        {
                            int row = ((((d0 + (kd * Dilations[0])) * In[1]) + h0 + (kh * Dilations[1])) * In[2]) + w0;
                            for (int kw = kwBegin; kw < kwEnd; kw++)
                            {
                                sum += x[row + (kw * Dilations[2])];
                            }
                        }
                    }

                    int count = Math.Max(0, kdEnd - kdBegin) * Math.Max(0, khEnd - khBegin) * Math.Max(0, kwEnd - kwBegin);
                    int divisor = includePad ? padD * padH * WindowRange.PaddedCount(w0, Kernel[2], Dilations[2], In[2] + PadEnd[2]) : count;
                    y[o] = count == 0 ? 0f : sum / divisor;
                }
            }
        }
    }

    /// <summary>
    /// The im2col matrix of one image's channel block: row (c, kd, kh, kw), column (od, oh, ow); taps in the padding
    /// are 0.
    /// </summary>
    public void Unfold(ReadOnlySpan<float> x, int channels, Span<float> cols)
    {
        int taps = Kernel[0] * Kernel[1] * Kernel[2], pixels = OutPlane;
        for (int c = 0; c < channels; c++)
        {
            var plane = x.Slice(c * InPlane, InPlane);
            for (int tap = 0; tap < taps; tap++)
            {
                int kd = tap / (Kernel[1] * Kernel[2]), kh = tap / Kernel[2] % Kernel[1], kw = tap % Kernel[2];
                var row = cols.Slice(((c * taps) + tap) * pixels, pixels);
                int p = 0;
                for (int od = 0; od < Out[0]; od++)
                {
                    int id = (od * Strides[0]) - PadBegin[0] + (kd * Dilations[0]);
                    for (int oh = 0; oh < Out[1]; oh++)
                    {
                        int ih = (oh * Strides[1]) - PadBegin[1] + (kh * Dilations[1]);
                        bool inside = id >= 0 && id < In[0] && ih >= 0 && ih < In[1];
                        int rowStart = ((id * In[1]) + ih) * In[2];
                        for (int ow = 0; ow < Out[2]; ow++, p++)
                        {
                            int iw = (ow * Strides[2]) - PadBegin[2] + (kw * Dilations[2]);
                            row[p] = inside && iw >= 0 && iw < In[2] ? plane[rowStart + iw] : 0f;
                        }
                    }
                }
            }
        }
    }
}
