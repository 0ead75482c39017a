using System.Buffers;

namespace Memflux.Numerics;

/// <summary>
/// Convolution as GEMM: for each (image, group, chunk of output pixels), Y[cog × cols] = W[cog × K] · X[K × cols]
/// with K = cin/group·kH·kW and X the im2col matrix of that chunk. Chunks keep X in L2 and give the thread pool
/// independent tasks; with too few tasks the chunks run in turn and the GEMM itself goes parallel instead.
/// </summary>
internal sealed unsafe class Im2ColConvolution
{
    /// <summary>Target floats in one chunk's im2col matrix (512 KiB, in L2).</summary>
    private const int ChunkFloats = 1 << 17;

    /// <summary>Chunks are whole multiples of this many pixels (a GEMM register tile is 32 wide at most).</summary>
    private const int ChunkQuantum = 32;

    /// <summary>
    /// Fewest pixels in a chunk. Each chunk streams the whole weight matrix through the GEMM once, so narrow chunks
    /// on deep, small layers (ResNet's 512×4608 weights at 7×7) are bound by weight traffic, not arithmetic.
    /// </summary>
    private const int MinChunkCols = 256;

    private readonly Conv2DGeometry _g;
    private readonly float* _x, _w, _bias, _y;
    private readonly int _threads, _k, _pixels, _chunkCols, _chunks;
    private readonly bool _pointwise;

    internal Im2ColConvolution(in Conv2DGeometry g, float* x, float* w, float* bias, float* y, int threads)
    {
        _g = g;
        _x = x;
        _w = w;
        _bias = bias;
        _y = y;
        _threads = threads;
        _k = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;
        _pixels = g.OutHeight * g.OutWidth;
        _pointwise = g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1
            && g.PadTop == 0 && g.PadLeft == 0 && g.PadBottom == 0 && g.PadRight == 0;
        int cols = Math.Max(MinChunkCols, ChunkFloats / _k / ChunkQuantum * ChunkQuantum);
        _chunkCols = Math.Min(_pixels, cols);
        _chunks = Gemm.CeilDiv(_pixels, _chunkCols);
    }

    internal void Run()
    {
        int tasks = _g.Batch * _g.Groups * _chunks;
        if (_threads > 1 && tasks >= 2 * _threads)
        {
            Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = _threads }, t => RunTask(t, gemmThreads: 1));
        }
        else
        {
            for (int t = 0; t < tasks; t++)
            {
                RunTask(t, _threads);
            }
        }
    }

    private void RunTask(int task, int gemmThreads)
    {
        var g = _g;
        int chunk = task % _chunks, image = task / _chunks / g.Groups, group = task / _chunks % g.Groups;
        int j0 = chunk * _chunkCols, cols = Math.Min(_chunkCols, _pixels - j0);
        int cog = g.OutChannelsPerGroup, cig = g.InChannelsPerGroup, inPlane = g.InHeight * g.InWidth;
        float* x = _x + ((((nint)image * g.InChannels) + (group * cig)) * inPlane);
        float* y = _y + ((((nint)image * g.OutChannels) + (group * cog)) * _pixels) + j0;
        var weight = new ReadOnlySpan<float>(_w + ((nint)group * cog * _k), cog * _k);
        var output = new Span<float>(y, ((cog - 1) * _pixels) + cols);

        float beta = 0f;
        if (_bias != null)
        {
            for (int o = 0; o < cog; o++)
            {
                output.Slice(o * _pixels, cols).Fill(_bias[(group * cog) + o]);
            }

            beta = 1f;
        }

        if (_pointwise)
        {
            var input = new ReadOnlySpan<float>(x + j0, ((_k - 1) * inPlane) + cols);
            Gemm.MultiplyCore(false, false, cog, cols, _k, 1f, weight, _k, input, inPlane, beta, output, _pixels, gemmThreads);
            return;
        }

        float[] buffer = ArrayPool<float>.Shared.Rent(_k * cols);
        try
        {
            fixed (float* columns = buffer)
            {
                Fill(x, columns, j0, cols);
            }

            Gemm.MultiplyCore(false, false, cog, cols, _k, 1f, weight, _k, buffer.AsSpan(0, _k * cols), cols, beta, output, _pixels, gemmThreads);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes im2col rows (cin, ky, kx) for output pixels [j0, j0+cols) of one image and group.</summary>
    private void Fill(float* x, float* columns, int j0, int cols)
    {
        var g = _g;
        int kh = g.KernelHeight, kw = g.KernelWidth, ow = g.OutWidth, inW = g.InWidth;
        for (int row = 0; row < _k; row++)
        {
            int kx = row % kw, ky = row / kw % kh, ci = row / (kw * kh);
            float* plane = x + ((nint)ci * g.InHeight * inW);
            float* dst = columns + ((nint)row * cols);
            int xOffset = (kx * g.DilationWidth) - g.PadLeft;
            var (xLo, xHi) = Convolution.ValidRange(ow, g.StrideWidth, xOffset, inW);
            for (int j = j0, end = j0 + cols; j < end;)
            {
                int oy = j / ow, ox0 = j % ow, len = Math.Min(ow - ox0, end - j);
                float* d = dst + (j - j0);
                int iy = (oy * g.StrideHeight) - g.PadTop + (ky * g.DilationHeight);
                if ((uint)iy >= (uint)g.InHeight)
                {
                    new Span<float>(d, len).Clear();
                }
                else
                {
                    int lo = Math.Clamp(xLo, ox0, ox0 + len), hi = Math.Clamp(xHi, lo, ox0 + len);
                    new Span<float>(d, lo - ox0).Clear();
                    float* src = plane + ((nint)iy * inW) + xOffset;
                    if (g.StrideWidth == 1)
                    {
                        new ReadOnlySpan<float>(src + lo, hi - lo).CopyTo(new Span<float>(d + (lo - ox0), hi - lo));
                    }
                    else
                    {
                        for (int ox = lo; ox < hi; ox++)
                        {
                            d[ox - ox0] = src[ox * g.StrideWidth];
                        }
                    }

                    new Span<float>(d + (hi - ox0), ox0 + len - hi).Clear();
                }

                j += len;
            }
        }
    }
}
