using System.Buffers;

namespace Memflux.Numerics;

/// <summary>
/// Convolution as one GEMM per group over the whole batch: Y[cog × N] = W[cog × K] · X[K × N] with
/// K = cin/group·kH·kW and N = batch·outH·outW, columns j = (image, pixel). X is never materialized: its packed
/// B panels are gathered straight from the NCHW input (implicit im2col), and tiles are stored back to NCHW.
/// The weights come pre-packed (<see cref="PackA"/>, kept in <see cref="PackedConvolutionWeights"/> for reuse). Wide problems run one task per
/// column panel (each packs its own B); narrow ones pack a shared panel in parallel, then split rows and columns.
/// Every output element sums its k blocks in ascending order with the same micro-kernel, whatever the split.
/// An optional epilogue runs on each tile right after its last k block, while the tile is in L1: y += addend (a
/// residual of y's shape), then y = max(y, 0); the result is bit-identical to running them as separate passes.
/// </summary>
internal sealed unsafe partial class ImplicitGemmConvolution
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

    private readonly Conv2DGeometry _g;
    private readonly float* _x, _a, _bias, _y, _addend;
    private readonly bool _relu;
    private readonly GemmMicroKernel _kernel;
    private readonly int _threads, _k, _n, _pixels, _mPad, _cog;
    private readonly ConvolutionSliverPacker _packer;

    internal ImplicitGemmConvolution(in Conv2DGeometry g, float* x, GemmMicroKernel kernel, float* packedA, float* bias, float* y, int threads, float* addend = null, bool relu = false)
    {
        _g = g;
        _x = x;
        _a = packedA;
        _bias = bias;
        _y = y;
        _addend = addend;
        _relu = relu;
        _kernel = kernel;
        _threads = g.Macs <= Gemm.SerialMacs ? 1 : threads;
        _k = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;
        _pixels = g.OutHeight * g.OutWidth;
        _n = g.Batch * _pixels;
        _cog = g.OutChannelsPerGroup;
        _mPad = Gemm.RoundUp(_cog, _kernel.Mr);
        _packer = new ConvolutionSliverPacker(g, kernel.Nr);
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
            float[] buffer = ArrayPool<float>.Shared.Rent((colsPad * _k) + Gemm.AlignFloats);
            try
            {
                fixed (float* raw = buffer)
                {
                    float* b = Gemm.Align64(raw);
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
        float[] buffer = ArrayPool<float>.Shared.Rent((panelSlivers * nr * _k) + Gemm.AlignFloats);
        try
        {
            fixed (float* raw = buffer)
            {
                float* b = Gemm.Align64(raw);
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
    /// column <paramref name="j0"/>; k blocks in ascending order, bias added on the first, the epilogue after the last.
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
            bool first = p0 == 0, last = p0 + kc == _k && (_addend != null || _relu);
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
                        if (last)
                        {
                            for (int r = 0; r < mr; r++)
                            {
                                Epilogue(c + ((nint)r * p), nr);
                            }
                        }
                    }
                    else
                    {
                        run(a, bs, kc, tile, nr, 0f);
                        Scatter(tile, yGroup, imageStride, image, pixel, ii, rows, width, first, last, bias);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adds a partial or image-straddling tile into the NCHW output (c = bias + t first, then c + t; after the last k
    /// block the epilogue).
    /// </summary>
    private void Scatter(float* tile, float* yGroup, nint imageStride, int image, int pixel, int ii, int rows, int width, bool first, bool last, float* bias)
    {
        int nr = _kernel.Nr, p = _pixels;
        for (int t = 0; t < width; t++)
        {
            float* column = yGroup + (image * imageStride) + ((nint)ii * p) + pixel;
            for (int r = 0; r < rows; r++)
            {
                float v = tile[(r * nr) + t];
                float* c = column + ((nint)r * p);
                *c = first ? (bias == null ? v : bias[ii + r] + v) : *c + v;
                if (last)
                {
                    Epilogue(c, 1);
                }
            }

            if (++pixel == p)
            {
                pixel = 0;
                image++;
            }
        }
    }

    /// <summary>The epilogue on n outputs from <paramref name="y"/> on; the addend has y's layout.</summary>
    private void Epilogue(float* y, int n) =>
        ConvolutionEpilogue.Apply(new Span<float>(y, n), _addend == null ? default : new ReadOnlySpan<float>(_addend + (y - _y), n), _relu);

}
