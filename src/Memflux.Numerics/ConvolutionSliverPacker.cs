using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Memflux.Numerics;

/// <summary>
/// Implicit im2col: packs Nr columns (output pixels, image-major) of a convolution's unrolled input X (row
/// k = (channel, ky, kx) within a group) straight from the NCHW input, for a range of k rows, k-major:
/// dst[p·Nr + t] = X[kBegin + p, c0 + t], zero for taps in the padding and for columns past the sliver's width.
/// A pointwise convolution (1×1, stride 1, no padding) sees each input plane as one row of H·W pixels.
/// </summary>
internal readonly unsafe struct ConvolutionSliverPacker
{
    private readonly int _nr, _cig, _pixels, _inH, _inW, _outW, _kh, _kw, _sh, _sw, _ph, _pw, _dh, _dw;
    private readonly nint _imageStride;
    private readonly bool _gather, _copy, _permute;

    public ConvolutionSliverPacker(in Conv2DGeometry g, int nr)
    {
        _nr = nr;
        _cig = g.InChannelsPerGroup;
        _pixels = g.OutHeight * g.OutWidth;
        bool pointwise = g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1
            && g.PadTop == 0 && g.PadLeft == 0 && g.PadBottom == 0 && g.PadRight == 0;
        (_inH, _inW, _outW) = pointwise ? (1, _pixels, _pixels) : (g.InHeight, g.InWidth, g.OutWidth);
        (_kh, _kw, _sh, _sw, _ph, _pw, _dh, _dw) = (g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth, g.PadTop, g.PadLeft, g.DilationHeight, g.DilationWidth);
        _imageStride = (nint)g.InChannels * g.InHeight * g.InWidth;
        _gather = Avx2.IsSupported && nr % Vector256<float>.Count == 0 && (long)g.InputLength < int.MaxValue;
        bool inside = Avx512F.IsSupported && !ConvolutionPadding.IsPadded(g);
        _copy = inside && _sw == 1;

        // Strided windows permute too while 16 lanes' origins stay within 32 floats (stride 2 along an output row).
        _permute = inside && _sw <= 2 && _gather && nr == 2 * Vector512<float>.Count;
    }

    /// <summary>Steps the k row's (channel, ky, kx) to the next row's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NextTap(ref int ci, ref int ky, ref int kx, int kh, int kw)
    {
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

    /// <summary>
    /// Packs rows [<paramref name="kBegin"/>, +<paramref name="kCount"/>) of columns [<paramref name="c0"/>,
    /// +<paramref name="width"/>) (width ≤ Nr) into <paramref name="dst"/>; <paramref name="xGroup"/> points at the
    /// group's first input channel of image 0, followed by <paramref name="readable"/> floats that may be read (reads
    /// past the taps, within them, let a sliver skip masking).
    /// </summary>
    public void Pack(float* xGroup, long readable, int c0, int width, int kBegin, int kCount, float* dst)
    {
        int nr = _nr;

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

        if (_permute)
        {
            PackPermuted(xGroup, readable, dst, kBegin, kCount, segments, segImage, segOy, segOx, segLen, width);
            return;
        }

        if (_copy)
        {
            PackCopy(xGroup, dst, kBegin, kCount, segments, segImage, segOy, segOx, segLen, segDst, width);
            return;
        }

        if (_gather)
        {
            PackGather(xGroup, dst, kBegin, kCount, segments, segImage, segOy, segOx, segLen, width);
            return;
        }

        int inH = _inH, inW = _inW, kw = _kw, sw = _sw;
        nint plane = (nint)inH * inW;
        int ci = kBegin / (_kh * kw), ky = kBegin / kw % _kh, kx = kBegin % kw;
        for (int p = 0; p < kCount; p++, dst += nr)
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

                float* src = xPlane + (segImage[sg] * _imageStride) + ((nint)iy * inW) + xOffset;
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

            NextTap(ref ci, ref ky, ref kx, _kh, kw);
        }
    }

    /// <summary>
    /// <see cref="Pack"/> for stride-1 windows that never leave the input (no padding, e.g. after
    /// <see cref="ConvolutionPadding"/>): each run of a k row is a contiguous piece of one input row, copied with
    /// Vector512 loads and a masked tail.
    /// </summary>
    private void PackCopy(float* xGroup, float* dst, int kBegin, int kCount, int segments, int* segImage, int* segOy, int* segOx, int* segLen, int* segDst, int width)
    {
        int nr = _nr, inW = _inW, kh = _kh, kw = _kw;
        nint* origin = stackalloc nint[segments];
        for (int sg = 0; sg < segments; sg++)
        {
            origin[sg] = (segImage[sg] * _imageStride) + ((nint)segOy[sg] * _sh * inW) + segOx[sg];
        }

        nint plane = (nint)_inH * inW;
        int ci = kBegin / (kh * kw), ky = kBegin / kw % kh, kx = kBegin % kw;
        for (int p = 0; p < kCount; p++, dst += nr)
        {
            float* src = xGroup + (ci * plane) + ((nint)ky * _dh * inW) + (kx * _dw);
            for (int sg = 0; sg < segments; sg++)
            {
                float* s = src + origin[sg], d = dst + segDst[sg];
                int len = segLen[sg], o = 0;
                for (; o + Vector512<float>.Count <= len; o += Vector512<float>.Count)
                {
                    Vector512.Store(Vector512.Load(s + o), d + o);
                }

                if (o < len)
                {
                    var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(len - o)).AsSingle();
                    Avx512F.MaskStore(d + o, mask, Avx512F.MaskLoad(s + o, mask, Vector512<float>.Zero));
                }
            }

            for (int j = width; j < nr; j++)
            {
                dst[j] = 0f;
            }

            NextTap(ref ci, ref ky, ref kx, kh, kw);
        }
    }

    /// <summary>
    /// <see cref="Pack"/> for a 32-wide sliver of windows that never leave the input (no padding) with a horizontal stride
    /// of 1 or 2, 16 lanes at a time: lanes whose window origins lie within 32 consecutive input floats (one image; origins
    /// of consecutive pixels step by the stride, and further at each row end) take two loads and one permute per k row;
    /// other lanes (across an image boundary, or rows too far apart) take two 8-lane gathers.
    /// </summary>
    private void PackPermuted(float* xGroup, long readable, float* dst, int kBegin, int kCount, int segments, int* segImage, int* segOy, int* segOx, int* segLen, int width)
    {
        const int Lanes = 16;
        int inW = _inW, kh = _kh, kw = _kw;
        long* offset = stackalloc long[2 * Lanes];
        for (int sg = 0, t = 0; sg < segments; sg++)
        {
            long origin = (segImage[sg] * (long)_imageStride) + ((long)segOy[sg] * _sh * inW) + ((long)segOx[sg] * _sw);
            for (int o = 0; o < segLen[sg]; o++, t++)
            {
                offset[t] = origin + ((long)o * _sw);
            }
        }

        for (int t = width; t < 2 * Lanes; t++)
        {
            offset[t] = offset[width - 1];
        }

        int* index = stackalloc int[2 * Lanes];
        bool permute0 = true, permute1 = true;
        for (int t = 0; t < 2 * Lanes; t++)
        {
            long d = offset[t] - offset[t / Lanes * Lanes];
            bool near = (ulong)d < 2 * Lanes;
            permute0 &= t >= Lanes || near;
            permute1 &= t < Lanes || near;
            index[t] = (int)d;
        }

        nint base0 = (nint)offset[0], base1 = (nint)offset[Lanes];
        var lanes = Vector512<int>.Indices;
        var index0 = Vector512.Load(index);
        var index1 = Vector512.Load(index + Lanes);
        var low0 = Vector512.LessThan(lanes, Vector512.Create(index[Lanes - 1] + 1)).AsSingle();
        var high0 = Vector512.LessThan(lanes, Vector512.Create(index[Lanes - 1] + 1 - Lanes)).AsSingle();
        var low1 = Vector512.LessThan(lanes, Vector512.Create(index[(2 * Lanes) - 1] + 1)).AsSingle();
        var high1 = Vector512.LessThan(lanes, Vector512.Create(index[(2 * Lanes) - 1] + 1 - Lanes)).AsSingle();
        var valid0 = Vector512.LessThan(lanes, Vector512.Create(width)).AsSingle();
        var valid1 = Vector512.LessThan(lanes, Vector512.Create(width - Lanes)).AsSingle();
        bool partial = width < 2 * Lanes;
        nint plane = (nint)_inH * inW;
        int ci = kBegin / (kh * kw), ky = kBegin / kw % kh, kx = kBegin % kw;
        float* src = xGroup + (ci * plane) + ((nint)ky * _dh * inW) + (kx * _dw);

        // The taps step through (channel, ky, kx) by pointer increments; a k row's source only grows with the row.
        nint stepX = _dw, stepY = ((nint)_dh * inW) - ((nint)(kw - 1) * _dw), stepC = plane - ((nint)kh * _dh * inW);
        int last = kBegin + kCount - 1;
        long lastSource = (last / (kh * kw) * (long)plane) + ((long)(last / kw % kh) * _dh * inW) + ((long)(last % kw) * _dw);
        if (permute0 && permute1 && !partial && lastSource + base1 + (2 * Lanes) <= readable)
        {
            // Every row's 32-float windows lie inside the readable input: plain loads, no masks.
            for (int p = 0; p < kCount; p++, dst += 2 * Lanes)
            {
                Avx512F.PermuteVar16x32x2(Vector512.Load(src + base0), index0, Vector512.Load(src + base0 + Lanes)).Store(dst);
                Avx512F.PermuteVar16x32x2(Vector512.Load(src + base1), index1, Vector512.Load(src + base1 + Lanes)).Store(dst + Lanes);
                src += NextSource(ref ky, ref kx, kh, kw, stepX, stepY, stepC);
            }

            return;
        }

        for (int p = 0; p < kCount; p++, dst += 2 * Lanes)
        {
            var first = permute0
                ? Avx512F.PermuteVar16x32x2(Avx512F.MaskLoad(src + base0, low0, default), index0, Avx512F.MaskLoad(src + base0 + Lanes, high0, default))
                : Gather16(src + base0, index);
            var second = permute1
                ? Avx512F.PermuteVar16x32x2(Avx512F.MaskLoad(src + base1, low1, default), index1, Avx512F.MaskLoad(src + base1 + Lanes, high1, default))
                : Gather16(src + base1, index + Lanes);
            if (partial)
            {
                first &= valid0;
                second &= valid1;
            }

            first.Store(dst);
            second.Store(dst + Lanes);
            src += NextSource(ref ky, ref kx, kh, kw, stepX, stepY, stepC);
        }
    }

    /// <summary>The pointer step from a k row's source to the next row's, stepping (ky, kx) (the channel is implied).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint NextSource(ref int ky, ref int kx, int kh, int kw, nint stepX, nint stepY, nint stepC)
    {
        if (++kx < kw)
        {
            return stepX;
        }

        kx = 0;
        if (++ky < kh)
        {
            return stepY;
        }

        ky = 0;
        return stepY + stepC;
    }

    /// <summary>16 floats at <paramref name="source"/> + index[t], as two 8-lane AVX2 gathers.</summary>
    private static Vector512<float> Gather16(float* source, int* index) => Vector512.Create(
        Avx2.GatherVector256(source, Vector256.Load(index), 4),
        Avx2.GatherVector256(source, Vector256.Load(index + 8), 4));

    /// <summary>
    /// <see cref="Pack"/> with AVX2 masked gathers: per column, the input offset and the unpadded input row/column of its
    /// window origin are tabled once; each k row adds its (channel, ky, kx) shift, and lanes whose input row or column
    /// falls in the padding read nothing and pack 0. A sliver that is one run along an output row, stride 1 and wholly
    /// inside the input, is a plain vector copy.
    /// </summary>
    private void PackGather(float* xGroup, float* dst, int kBegin, int kCount, int segments, int* segImage, int* segOy, int* segOx, int* segLen, int width)
    {
        int nr = _nr, inH = _inH, inW = _inW, kh = _kh, kw = _kw, sh = _sh, sw = _sw;
        int* offset = stackalloc int[nr], iy0 = stackalloc int[nr], ix0 = stackalloc int[nr];
        for (int sg = 0, t = 0; sg < segments; sg++)
        {
            int iy = segOy[sg] * sh;
            for (int o = 0; o < segLen[sg]; o++, t++)
            {
                int ix = (segOx[sg] + o) * sw;
                (offset[t], iy0[t], ix0[t]) = ((int)(segImage[sg] * _imageStride) + (iy * inW) + ix, iy, ix);
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
        int ci = kBegin / (kh * kw), ky = kBegin / kw % kh, kx = kBegin % kw;
        for (int p = 0; p < kCount; p++, dst += nr)
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

            NextTap(ref ci, ref ky, ref kx, kh, kw);
        }
    }
}
