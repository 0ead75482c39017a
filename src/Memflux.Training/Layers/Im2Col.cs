using Memflux.Numerics;

namespace Memflux.Training.Layers;

/// <summary>
/// Unfolds one image (C×H×W) into the column matrix of a convolution, rows (c, ky, kx) and columns (oy, ox), so that
/// the convolution is a GEMM; <see cref="Accumulate"/> is the adjoint (col2im), which sums overlapping patches back.
/// </summary>
internal static class Im2Col
{
    /// <summary>col[(c·kh + ky)·kw + kx, oy·ow + ox] = x[c, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw], zero outside.</summary>
    public static void Unfold(in Conv2DGeometry g, ReadOnlySpan<float> x, Span<float> col)
    {
        int oh = g.OutHeight, ow = g.OutWidth, p = oh * ow;
        int row = 0;
        for (int c = 0; c < g.InChannels; c++)
        {
            var plane = x.Slice(c * g.InHeight * g.InWidth, g.InHeight * g.InWidth);
            for (int ky = 0; ky < g.KernelHeight; ky++)
            {
                for (int kx = 0; kx < g.KernelWidth; kx++, row++)
                {
                    var dst = col.Slice(row * p, p);
                    int offsetX = (kx * g.DilationWidth) - g.PadLeft;
                    ValidRange(offsetX, g.StrideWidth, g.InWidth, ow, out int oxStart, out int oxEnd);
                    for (int oy = 0; oy < oh; oy++)
                    {
                        var line = dst.Slice(oy * ow, ow);
                        int iy = (oy * g.StrideHeight) - g.PadTop + (ky * g.DilationHeight);
                        if ((uint)iy >= (uint)g.InHeight || oxStart >= oxEnd)
                        {
                            line.Clear();
                            continue;
                        }

                        var src = plane.Slice(iy * g.InWidth, g.InWidth);
                        line[..oxStart].Clear();
                        line[oxEnd..].Clear();
                        if (g.StrideWidth == 1)
                        {
                            src.Slice(oxStart + offsetX, oxEnd - oxStart).CopyTo(line[oxStart..oxEnd]);
                        }
                        else
                        {
                            for (int ox = oxStart; ox < oxEnd; ox++)
                            {
                                line[ox] = src[(ox * g.StrideWidth) + offsetX];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>dx[c, iy, ix] += col[(c, ky, kx), (oy, ox)] for every patch position that reads (iy, ix).</summary>
    public static void Accumulate(in Conv2DGeometry g, ReadOnlySpan<float> col, Span<float> dx)
    {
        int oh = g.OutHeight, ow = g.OutWidth, p = oh * ow;
        int row = 0;
        for (int c = 0; c < g.InChannels; c++)
        {
            var plane = dx.Slice(c * g.InHeight * g.InWidth, g.InHeight * g.InWidth);
            for (int ky = 0; ky < g.KernelHeight; ky++)
            {
                for (int kx = 0; kx < g.KernelWidth; kx++, row++)
                {
                    var src = col.Slice(row * p, p);
                    int offsetX = (kx * g.DilationWidth) - g.PadLeft;
                    ValidRange(offsetX, g.StrideWidth, g.InWidth, ow, out int oxStart, out int oxEnd);
                    for (int oy = 0; oy < oh; oy++)
                    {
                        int iy = (oy * g.StrideHeight) - g.PadTop + (ky * g.DilationHeight);
                        if ((uint)iy >= (uint)g.InHeight)
                        {
                            continue;
                        }

                        var line = src.Slice(oy * ow, ow);
                        var dst = plane.Slice(iy * g.InWidth, g.InWidth);
                        for (int ox = oxStart; ox < oxEnd; ox++)
                        {
                            dst[(ox * g.StrideWidth) + offsetX] += line[ox];
                        }
                    }
                }
            }
        }
    }

    // The output columns ox whose input column ox·stride + offset lies inside [0, width).
    private static void ValidRange(int offset, int stride, int width, int outWidth, out int start, out int end)
    {
        start = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        end = width - offset <= 0 ? 0 : Math.Min(outWidth, ((width - offset - 1) / stride) + 1);
        start = Math.Min(start, end);
    }
}
