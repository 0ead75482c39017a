namespace Memflux.Numerics;

/// <summary>
/// One GEMM call in flight: the loop nest over packed blocks (BLIS order jc → pc → ic → jr → ir) and its
/// parallel phases. Tasks split only the m and n dimensions; every element of C sees its k blocks in
/// ascending order, each reduced by the same micro-kernel FMA chain, so the result does not depend on how
/// many threads ran it.
/// </summary>
internal sealed unsafe class GemmJob
{
    private readonly GemmMicroKernel _kernel;
    private readonly int _threads;
    private readonly ParallelOptions _options;
    private readonly bool _transA, _transB;
    private readonly int _m, _n, _k, _lda, _ldb, _ldc, _msStep;
    private readonly float _alpha, _betaFirst;
    private readonly float* _a, _b, _c, _packA, _packB;
    private readonly Action<int> _pack, _compute;

    // The block in flight: rows [_i0, _i0+_ms), columns [_j0, _j0+_nc), depth [_p0, _p0+_kc).
    private int _i0, _ms, _j0, _nc, _p0, _kc;
    private float _beta;
    private int _bSliversToPack, _sliversM, _sliversN, _sliversPerTaskM, _sliversPerTaskN, _tasksN;

    internal GemmJob(
        GemmMicroKernel kernel, int threads, bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, float* packA, float* packB, int msStep)
    {
        _kernel = kernel;
        _threads = threads;
        _options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        (_transA, _transB, _m, _n, _k, _alpha, _lda, _ldb, _betaFirst, _ldc) = (transA, transB, m, n, k, alpha, lda, ldb, beta, ldc);
        _a = a;
        _b = b;
        _c = c;
        _packA = packA;
        _packB = packB;
        _msStep = msStep;
        _pack = Pack;
        _compute = Compute;
    }

    internal void Run()
    {
        int mr = _kernel.Mr, nr = _kernel.Nr;
        for (_j0 = 0; _j0 < _n; _j0 += Gemm.NcBlock)
        {
            _nc = Math.Min(Gemm.NcBlock, _n - _j0);
            for (_p0 = 0; _p0 < _k; _p0 += Gemm.KcBlock)
            {
                _kc = Math.Min(Gemm.KcBlock, _k - _p0);
                _beta = _p0 == 0 ? _betaFirst : 1f;
                for (_i0 = 0; _i0 < _m; _i0 += _msStep)
                {
                    _ms = Math.Min(_msStep, _m - _i0);
                    _bSliversToPack = _i0 == 0 ? Gemm.CeilDiv(_nc, nr) : 0;
                    For(_bSliversToPack + Gemm.CeilDiv(_ms, mr), _pack);
                    int tasks = PlanTasks();
                    For(tasks, _compute);
                }
            }
        }
    }

    private void For(int count, Action<int> body)
    {
        if (_threads == 1 || count == 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }
        }
        else
        {
            Parallel.For(0, count, _options, body);
        }
    }

    /// <summary>
    /// One packing phase (one pool round trip): items [0, _bSliversToPack) pack B slivers (once per k block),
    /// the rest pack A slivers of the current row block.
    /// </summary>
    private void Pack(int item)
    {
        if (item < _bSliversToPack)
        {
            PackBSliver(item);
        }
        else
        {
            PackASliver(item - _bSliversToPack);
        }
    }

    /// <summary>Splits the packed block into row × column tasks; only the work split depends on the thread count.</summary>
    private int PlanTasks()
    {
        _sliversM = Gemm.CeilDiv(_ms, _kernel.Mr);
        _sliversN = Gemm.CeilDiv(_nc, _kernel.Nr);
        _sliversPerTaskM = Math.Max(1, Gemm.McTaskRows / _kernel.Mr);
        int tasksM = Gemm.CeilDiv(_sliversM, _sliversPerTaskM);
        int tasksN = _threads == 1 ? 1 : Math.Clamp(Gemm.CeilDiv(Gemm.TasksPerThreadTarget * _threads, tasksM), 1, _sliversN);
        _sliversPerTaskN = Gemm.CeilDiv(_sliversN, tasksN);
        _tasksN = Gemm.CeilDiv(_sliversN, _sliversPerTaskN);
        return tasksM * _tasksN;
    }

    private void Compute(int task)
    {
        int mr = _kernel.Mr, nr = _kernel.Nr, kc = _kc, ldc = _ldc;
        int sm0 = task / _tasksN * _sliversPerTaskM, sm1 = Math.Min(_sliversM, sm0 + _sliversPerTaskM);
        int sn0 = task % _tasksN * _sliversPerTaskN, sn1 = Math.Min(_sliversN, sn0 + _sliversPerTaskN);
        float* tile = stackalloc float[GemmMicroKernel.MaxTile];
        var run = _kernel.Run;
        for (int sn = sn0; sn < sn1; sn++)
        {
            int jj = sn * nr, cols = Math.Min(nr, _nc - jj);
            float* bs = _packB + ((nint)sn * nr * kc);
            for (int sm = sm0; sm < sm1; sm++)
            {
                int ii = sm * mr, rows = Math.Min(mr, _ms - ii);
                float* a = _packA + ((nint)sm * mr * kc);
                float* c = _c + ((nint)(_i0 + ii) * ldc) + _j0 + jj;
                if (rows == mr && cols == nr)
                {
                    run(a, bs, kc, c, ldc, _beta);
                }
                else
                {
                    run(a, bs, kc, tile, nr, 0f);
                    UpdateEdge(tile, nr, c, ldc, rows, cols, _beta);
                }
            }
        }
    }

    /// <summary>C = tile + beta·C on a partial tile, with the same fused rounding as the full-tile kernels.</summary>
    internal static void UpdateEdge(float* tile, int ldt, float* c, int ldc, int rows, int cols, float beta)
    {
        for (int r = 0; r < rows; r++)
        {
            float* t = tile + ((nint)r * ldt);
            float* cr = c + ((nint)r * ldc);
            for (int j = 0; j < cols; j++)
            {
                cr[j] = beta == 0f ? t[j] : MathF.FusedMultiplyAdd(beta, cr[j], t[j]);
            }
        }
    }

    /// <summary>Packs MR rows of alpha·op(A) over the k block, k-major: dst[p·MR + r]; rows past m are zero.</summary>
    private void PackASliver(int sliver)
    {
        int mr = _kernel.Mr, kc = _kc, r0 = _i0 + (sliver * mr), rows = Math.Min(mr, _m - r0);
        float alpha = _alpha;
        float* dst = _packA + ((nint)sliver * mr * kc);
        if (!_transA)
        {
            for (int r = 0; r < rows; r++)
            {
                float* src = _a + ((nint)(r0 + r) * _lda) + _p0;
                for (int p = 0; p < kc; p++)
                {
                    dst[(p * mr) + r] = alpha * src[p];
                }
            }

            for (int r = rows; r < mr; r++)
            {
                for (int p = 0; p < kc; p++)
                {
                    dst[(p * mr) + r] = 0f;
                }
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
            {
                float* src = _a + ((nint)(_p0 + p) * _lda) + r0;
                float* d = dst + (p * mr);
                for (int r = 0; r < rows; r++)
                {
                    d[r] = alpha * src[r];
                }

                for (int r = rows; r < mr; r++)
                {
                    d[r] = 0f;
                }
            }
        }
    }

    /// <summary>Packs NR columns of op(B) over the k block, k-major: dst[p·NR + j]; columns past n are zero.</summary>
    private void PackBSliver(int sliver)
    {
        int nr = _kernel.Nr, kc = _kc, c0 = _j0 + (sliver * nr), cols = Math.Min(nr, _n - c0);
        float* dst = _packB + ((nint)sliver * nr * kc);
        if (!_transB)
        {
            for (int p = 0; p < kc; p++)
            {
                float* src = _b + ((nint)(_p0 + p) * _ldb) + c0;
                new ReadOnlySpan<float>(src, cols).CopyTo(new Span<float>(dst + (p * nr), cols));
                if (cols < nr)
                {
                    new Span<float>(dst + (p * nr) + cols, nr - cols).Clear();
                }
            }
        }
        else
        {
            for (int j = 0; j < cols; j++)
            {
                float* src = _b + ((nint)(c0 + j) * _ldb) + _p0;
                for (int p = 0; p < kc; p++)
                {
                    dst[(p * nr) + j] = src[p];
                }
            }

            for (int j = cols; j < nr; j++)
            {
                for (int p = 0; p < kc; p++)
                {
                    dst[(p * nr) + j] = 0f;
                }
            }
        }
    }
}
