using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Memflux.Numerics;

/// <summary>Packing: the weights into A panels once per layer, the input into B panels by implicit im2col.</summary>
internal sealed unsafe partial class ImplicitGemmConvolution
{
    /// <summary>Floats of the packed A for geometry <paramref name="g"/> and a kernel of <paramref name="mr"/> rows.</summary>
    internal static int PackedLength(in Conv2DGeometry g, int mr) =>
        g.Groups * Gemm.RoundUp(g.OutChannelsPerGroup, mr) * g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;

    /// <summary>
    /// Packs OIHW weights into A panels: per group, per k block of <see cref="Gemm.KcBlock"/>, per Mr-row sliver,
    /// k-major (dst[p·Mr + r]); rows past the group's output channels are zero.
    /// </summary>
    internal static void PackA(in Conv2DGeometry g, int mr, float* w, float* dst, int threads)
    {
        int k = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth, cog = g.OutChannelsPerGroup;
        int mPad = Gemm.RoundUp(cog, mr), slivers = mPad / mr, groups = g.Groups;
        void Sliver(int item)
        {
            int group = item / slivers, sm = item % slivers, r0 = sm * mr, rows = Math.Min(mr, cog - r0);
            float* src0 = w + (((nint)group * cog) + r0) * k;
            for (int p0 = 0; p0 < k; p0 += Gemm.KcBlock)
            {
                int kc = Math.Min(Gemm.KcBlock, k - p0);
                float* d = dst + ((nint)group * mPad * k) + ((nint)p0 * mPad) + ((nint)sm * mr * kc);
                for (int r = 0; r < rows; r++)
                {
                    float* src = src0 + ((nint)r * k) + p0;
                    for (int p = 0; p < kc; p++)
                    {
                        d[(p * mr) + r] = src[p];
                    }
                }

                for (int r = rows; r < mr; r++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        d[(p * mr) + r] = 0f;
                    }
                }
            }
        }

        int items = groups * slivers;
        if (threads > 1 && items > 1 && (long)mPad * k * groups >= 1 << 16)
        {
            Parallel.For(0, items, new ParallelOptions { MaxDegreeOfParallelism = threads }, Sliver);
        }
        else
        {
            for (int i = 0; i < items; i++)
            {
                Sliver(i);
            }
        }
    }

    /// <summary>
    /// Packs sliver <paramref name="s"/> of a panel (columns j0 + s·Nr …) for every k block: block p0 starts at
    /// p0·colsPad, the sliver at s·Nr·kc within it, k-major (dst[p·Nr + j]); columns past the panel are zero.
    /// </summary>
    private void PackBAllBlocks(int group, int j0, int colsPad, float* panel, int s, int cols)
    {
        int nr = _kernel.Nr, c0 = j0 + (s * nr), width = Math.Min(nr, j0 + cols - c0);

        // Split the sliver's columns into runs along one output row of one image.
        int* segImage = stackalloc int[nr], segOy = stackalloc int[nr], segOx = stackalloc int[nr], segLen = stackalloc int[nr], segDst = stackalloc int[nr];
        int segments = 0;
        int ow = _outW, rowPixels = _pixels;
        for (int j = c0, end = c0 + width; j < end; segments++)
        {
            int image = j / rowPixels, pix = j % rowPixels, oy = pix / ow, ox = pix % ow, len = Math.Min(ow - ox, end - j);
            (segImage[segments], segOy[segments], segOx[segments], segLen[segments], segDst[segments]) = (image, oy, ox, len, j - c0);
            j += len;
        }

        int inH = _inH, inW = _inW, cig = _g.InChannelsPerGroup, kh = _kh, kw = _kw, sw = _sw;
        nint plane = (nint)inH * inW, imageStride = (nint)_g.InChannels * plane;
        float* xGroup = _x + ((nint)group * cig * plane);
        if (Avx2.IsSupported && nr % Vector256<float>.Count == 0 && (long)_g.InputLength < int.MaxValue)
        {
            PackBGather(xGroup, panel, colsPad, s, segments, segImage, segOy, segOx, segLen, width, imageStride);
            return;
        }

        int ci = 0, ky = 0, kx = 0;
        for (int p0 = 0; p0 < _k; p0 += Gemm.KcBlock)
        {
            int kc = Math.Min(Gemm.KcBlock, _k - p0);
            float* dst = panel + ((nint)p0 * colsPad) + ((nint)s * nr * kc);
            for (int p = 0; p < kc; p++, dst += nr)
            {
                float* xPlane = xGroup + (ci * plane);
                int xOffset = (kx * _dw) - _pw, yOffset = (ky * _dh) - _ph;
                var (xLo, xHi) = Convolution.ValidRange(ow, sw, xOffset, inW);
                for (int sg = 0; sg < segments; sg++)
                {
                    float* d = dst + segDst[sg];
                    int ox0 = segOx[sg], len = segLen[sg];
                    int iy = (segOy[sg] * _sh) + yOffset;
                    if ((uint)iy >= (uint)inH)
                    {
                        new Span<float>(d, len).Clear();
                        continue;
                    }

                    int lo = Math.Clamp(xLo, ox0, ox0 + len), hi = Math.Clamp(xHi, lo, ox0 + len);
                    for (int o = ox0; o < lo; o++)
                    {
                        d[o - ox0] = 0f;
                    }

                    float* src = xPlane + (segImage[sg] * imageStride) + ((nint)iy * inW) + xOffset;
                    if (sw == 1)
                    {
                        new ReadOnlySpan<float>(src + lo, hi - lo).CopyTo(new Span<float>(d + (lo - ox0), hi - lo));
                    }
                    else
                    {
                        for (int o = lo; o < hi; o++)
                        {
                            d[o - ox0] = src[o * sw];
                        }
                    }

                    for (int o = hi; o < ox0 + len; o++)
                    {
                        d[o - ox0] = 0f;
                    }
                }

                for (int j = width; j < nr; j++)
                {
                    dst[j] = 0f;
                }

                if (++kx == kw)
                {
                    kx = 0;
                    if (++ky == kh)
                    {
                        ky = 0;
                        ci++;
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="PackBAllBlocks"/> with AVX2 masked gathers: per column, the input offset and the unpadded input
    /// row/column of its window origin are tabled once; each k row adds its (channel, ky, kx) shift, and lanes whose
    /// input row or column falls in the padding read nothing and pack 0. A sliver that is one run along an output
    /// row, stride 1 and wholly inside the input, is a plain vector copy.
    /// </summary>
    private void PackBGather(float* xGroup, float* panel, int colsPad, int s, int segments, int* segImage, int* segOy, int* segOx, int* segLen, int width, nint imageStride)
    {
        int nr = _kernel.Nr, inH = _inH, inW = _inW, kh = _kh, kw = _kw, sh = _sh, sw = _sw;
        int* offset = stackalloc int[nr], iy0 = stackalloc int[nr], ix0 = stackalloc int[nr];
        for (int sg = 0, t = 0; sg < segments; sg++)
        {
            int iy = segOy[sg] * sh;
            for (int o = 0; o < segLen[sg]; o++, t++)
            {
                int ix = (segOx[sg] + o) * sw;
                (offset[t], iy0[t], ix0[t]) = ((int)(segImage[sg] * imageStride) + (iy * inW) + ix, iy, ix);
            }
        }

        for (int t = width; t < nr; t++)
        {
            (offset[t], iy0[t], ix0[t]) = (0, int.MinValue / 2, int.MinValue / 2);
        }

        bool oneRun = segments == 1 && width == nr && sw == 1;
        int runIy = iy0[0], runIx = ix0[0], runOffset = offset[0];
        var heightV = Vector256.Create((uint)inH);
        var widthV = Vector256.Create((uint)inW);
        int plane = inH * inW;
        int ci = 0, ky = 0, kx = 0;
        for (int p0 = 0; p0 < _k; p0 += Gemm.KcBlock)
        {
            int kc = Math.Min(Gemm.KcBlock, _k - p0);
            float* dst = panel + ((nint)p0 * colsPad) + ((nint)s * nr * kc);
            for (int p = 0; p < kc; p++, dst += nr)
            {
                int yOffset = (ky * _dh) - _ph, xOffset = (kx * _dw) - _pw;
                int delta = (ci * plane) + (yOffset * inW) + xOffset;
                if (oneRun && (uint)(runIy + yOffset) < (uint)inH && runIx + xOffset >= 0 && runIx + xOffset + nr <= inW)
                {
                    float* src = xGroup + runOffset + delta;
                    for (int v = 0; v < nr; v += Vector256<float>.Count)
                    {
                        Vector256.Store(Vector256.Load(src + v), dst + v);
                    }
                }
                else
                {
                    var yShift = Vector256.Create(yOffset);
                    var xShift = Vector256.Create(xOffset);
                    var deltaV = Vector256.Create(delta);
                    for (int v = 0; v < nr; v += Vector256<int>.Count)
                    {
                        var iy = (Vector256.Load(iy0 + v) + yShift).AsUInt32();
                        var ix = (Vector256.Load(ix0 + v) + xShift).AsUInt32();
                        var valid = Vector256.LessThan(iy, heightV) & Vector256.LessThan(ix, widthV);
                        var index = Vector256.Load(offset + v) + deltaV;
                        Avx2.GatherMaskVector256(Vector256<float>.Zero, xGroup, index, valid.AsSingle(), 4).Store(dst + v);
                    }
                }

                if (++kx == kw)
                {
                    kx = 0;
                    if (++ky == kh)
                    {
                        ky = 0;
                        ci++;
                    }
                }
            }
        }
    }
}
