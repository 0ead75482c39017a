using System.Buffers;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Memflux.Numerics;

/// <summary>
/// Convolution as one GEMM per group over the whole batch: Y[cog × N] = W[cog × K] · X[K × N] with
/// K = cin/group·kH·kW and N = batch·outH·outW, columns j = (image, pixel). X is never materialized: its packed
/// B panels are gathered straight from the NCHW input (implicit im2col), and tiles are stored back to NCHW.
/// The weights come pre-packed (<see cref="PackA"/>, kept in <see cref="PackedConvolutionWeights"/> for reuse). Wide problems run one task per
/// column panel (each packs its own B); narrow ones pack a shared panel in parallel, then split rows and columns.
/// Every output element sums its k blocks in ascending order with the same micro-kernel, whatever the split.
/// </summary>
internal sealed unsafe class ImplicitGemmConvolution
{
    /// <summary>Target floats of a per-task B panel (512 KiB, in L2).</summary>
    private const int PanelFloats = 1 << 17;

    /// <summary>
    /// Fewest columns in a per-task panel: each panel streams the whole weight matrix once, so narrow panels on
    /// deep layers are bound by weight traffic.
    /// </summary>
    private const int MinPanelCols = 256;

    /// <summary>Widest shared panel (K × this many columns packed at once).</summary>
    private const int MaxSharedPanelCols = 1024;

    /// <summary>Below this many multiply-adds everything runs on the calling thread.</summary>
    private const long SerialMacs = 1L << 18;

    private readonly Conv2DGeometry _g;
    private readonly float* _x, _a, _bias, _y;
    private readonly GemmMicroKernel _kernel;
    private readonly int _threads, _k, _n, _pixels, _mPad, _cog;

    // Effective input geometry: a pointwise convolution sees each input plane as one row of H·W pixels.
    private readonly int _inH, _inW, _outW, _kh, _kw, _sh, _sw, _ph, _pw, _dh, _dw;

    internal ImplicitGemmConvolution(in Conv2DGeometry g, float* x, GemmMicroKernel kernel, float* packedA, float* bias, float* y, int threads)
    {
        _g = g;
        _x = x;
        _a = packedA;
        _bias = bias;
        _y = y;
        _kernel = kernel;
        _threads = g.Macs <= SerialMacs ? 1 : threads;
        _k = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;
        _pixels = g.OutHeight * g.OutWidth;
        _n = g.Batch * _pixels;
        _cog = g.OutChannelsPerGroup;
        _mPad = Gemm.RoundUp(_cog, _kernel.Mr);
        bool pointwise = g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1
            && g.PadTop == 0 && g.PadLeft == 0 && g.PadBottom == 0 && g.PadRight == 0;
        (_inH, _inW, _outW) = pointwise ? (1, _pixels, _pixels) : (g.InHeight, g.InWidth, g.OutWidth);
        (_kh, _kw, _sh, _sw, _ph, _pw, _dh, _dw) = (g.KernelHeight, g.KernelWidth, g.StrideHeight, g.StrideWidth, g.PadTop, g.PadLeft, g.DilationHeight, g.DilationWidth);
    }

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

    internal void Run()
    {
        int nr = _kernel.Nr, slivers = Gemm.CeilDiv(_n, nr), groups = _g.Groups;
        int minPanelSlivers = Math.Max(MinPanelCols, PanelFloats / _k) / nr;
        int panels = Math.Max(1, slivers / Math.Max(1, minPanelSlivers));
        if (_threads == 1 || groups * panels >= 2 * _threads)
        {
            RunPerTaskPanels(panels, slivers);
        }
        else
        {
            RunSharedPanels(slivers);
        }
    }

    /// <summary>One task per (group, column panel): each packs its own B panel and computes all its rows.</summary>
    private void RunPerTaskPanels(int panels, int slivers)
    {
        int nr = _kernel.Nr;
        int mSlivers = _mPad / _kernel.Mr;
        void Task(int task)
        {
            int group = task / panels, panel = task % panels;
            int s0 = (int)((long)panel * slivers / panels), s1 = (int)((long)(panel + 1) * slivers / panels);
            int j0 = s0 * nr, cols = Math.Min(_n, s1 * nr) - j0, colsPad = (s1 - s0) * nr;
            float[] buffer = ArrayPool<float>.Shared.Rent((colsPad * _k) + 16);
            try
            {
                fixed (float* raw = buffer)
                {
                    float* b = Align64(raw);
                    for (int s = 0; s < s1 - s0; s++)
                    {
                        PackBAllBlocks(group, j0, colsPad, b, s, cols);
                    }

                    Compute(group, j0, cols, colsPad, b, 0, mSlivers, 0, s1 - s0);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }

        int tasks = _g.Groups * panels;
        if (_threads > 1 && tasks > 1)
        {
            Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, Task);
        }
        else
        {
            for (int t = 0; t < tasks; t++)
            {
                Task(t);
            }
        }
    }

    /// <summary>
    /// Few, wide column panels: per (group, panel), pack the panel in parallel (one item per sliver), then compute
    /// it as a grid of row × column tasks.
    /// </summary>
    private void RunSharedPanels(int slivers)
    {
        int nr = _kernel.Nr, mr = _kernel.Mr;
        int maxPanelSlivers = MaxSharedPanelCols / nr;
        int panels = Gemm.CeilDiv(slivers, maxPanelSlivers);
        int mSlivers = _mPad / mr;
        var options = new ParallelOptions { MaxDegreeOfParallelism = _threads };
        int panelSlivers = Gemm.CeilDiv(slivers, panels);
        float[] buffer = ArrayPool<float>.Shared.Rent((panelSlivers * nr * _k) + 16);
        try
        {
            fixed (float* raw = buffer)
            {
                float* b = Align64(raw);
                for (int group = 0; group < _g.Groups; group++)
                {
                    for (int panel = 0; panel < panels; panel++)
                    {
                        int s0 = (int)((long)panel * slivers / panels), s1 = (int)((long)(panel + 1) * slivers / panels);
                        int ns = s1 - s0, j0 = s0 * nr, cols = Math.Min(_n, s1 * nr) - j0, colsPad = ns * nr;
                        int g = group;
                        Parallel.For(0, ns, options, s => PackBAllBlocks(g, j0, colsPad, b, s, cols));

                        int perTaskM = Math.Max(1, Gemm.McTaskRows / mr);
                        int tasksM = Gemm.CeilDiv(mSlivers, perTaskM);
                        int tasksN = Math.Clamp(Gemm.CeilDiv(Gemm.TasksPerThreadTarget * _threads, tasksM), 1, ns);
                        int perTaskN = Gemm.CeilDiv(ns, tasksN);
                        tasksN = Gemm.CeilDiv(ns, perTaskN);
                        Parallel.For(0, tasksM * tasksN, options, t =>
                        {
                            int sm0 = t / tasksN * perTaskM, sn0 = t % tasksN * perTaskN;
                            Compute(g, j0, cols, colsPad, b, sm0, Math.Min(mSlivers, sm0 + perTaskM), sn0, Math.Min(ns, sn0 + perTaskN));
                        });
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Computes output rows (slivers [sm0, sm1)) × columns (slivers [sn0, sn1)) of a packed panel that starts at
    /// column <paramref name="j0"/>; k blocks in ascending order, bias added on the first.
    /// </summary>
    private void Compute(int group, int j0, int cols, int colsPad, float* packedB, int sm0, int sm1, int sn0, int sn1)
    {
        int mr = _kernel.Mr, nr = _kernel.Nr, p = _pixels, cog = _cog;
        float* tile = stackalloc float[GemmMicroKernel.MaxTile];
        var run = _kernel.Run;
        float* aGroup = _a + ((nint)group * _mPad * _k);
        float* bias = _bias == null ? null : _bias + (group * cog);
        nint imageStride = (nint)_g.OutChannels * p;
        float* yGroup = _y + ((nint)group * cog * p);
        for (int p0 = 0; p0 < _k; p0 += Gemm.KcBlock)
        {
            int kc = Math.Min(Gemm.KcBlock, _k - p0);
            bool first = p0 == 0;
            float* aBlock = aGroup + ((nint)p0 * _mPad);
            float* bBlock = packedB + ((nint)p0 * colsPad);
            for (int sn = sn0; sn < sn1; sn++)
            {
                int jj = j0 + (sn * nr), width = Math.Min(nr, j0 + cols - jj);
                int image = jj / p, pixel = jj % p;
                bool contiguous = width == nr && pixel + nr <= p;
                float* bs = bBlock + ((nint)sn * nr * kc);
                for (int sm = sm0; sm < sm1; sm++)
                {
                    int ii = sm * mr, rows = Math.Min(mr, cog - ii);
                    float* a = aBlock + ((nint)sm * mr * kc);
                    if (contiguous && rows == mr)
                    {
                        float* c = yGroup + (image * imageStride) + ((nint)ii * p) + pixel;
                        float beta = 1f;
                        if (first)
                        {
                            if (bias != null)
                            {
                                for (int r = 0; r < mr; r++)
                                {
                                    new Span<float>(c + ((nint)r * p), nr).Fill(bias[ii + r]);
                                }
                            }
                            else
                            {
                                beta = 0f;
                            }
                        }

                        run(a, bs, kc, c, p, beta);
                    }
                    else
                    {
                        run(a, bs, kc, tile, nr, 0f);
                        Scatter(tile, yGroup, imageStride, image, pixel, ii, rows, width, first, bias);
                    }
                }
            }
        }
    }

    /// <summary>Adds a partial or image-straddling tile into the NCHW output (c = bias + t first, then c + t).</summary>
    private void Scatter(float* tile, float* yGroup, nint imageStride, int image, int pixel, int ii, int rows, int width, bool first, float* bias)
    {
        int nr = _kernel.Nr, p = _pixels;
        for (int t = 0; t < width; t++)
        {
            float* column = yGroup + (image * imageStride) + ((nint)ii * p) + pixel;
            for (int r = 0; r < rows; r++)
            {
                float v = tile[(r * nr) + t];
                ref float c = ref column[(nint)r * p];
                c = first ? (bias == null ? v : bias[ii + r] + v) : c + v;
            }

            if (++pixel == p)
            {
                pixel = 0;
                image++;
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

    private static float* Align64(float* p) => (float*)(((nint)p + 63) & ~(nint)63);
}
