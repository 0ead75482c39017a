using System.Buffers;

namespace Memflux.Numerics;

/// <summary>
/// Products with a convolution's unrolled input X (im2col: k = C/group·kH·kW rows, batch·outH·outW pixel columns)
/// that never materialize it: pieces of X are packed straight from the NCHW input, <see cref="SliverWidth"/> pixels at
/// a time, and the caller may transform each packed piece before it is used. The analog tiles scale and quantize each
/// pixel's input vector there (noise management and DAC), so an analog convolution costs one pass over its input.
/// </summary>
public static class UnrolledConvolution
{
    /// <summary>
    /// Edits a packed piece of X in place: <paramref name="rows"/> × <see cref="SliverWidth"/> floats, k-major: row i of
    /// output column <paramref name="firstColumn"/> + t at [i·SliverWidth + t]. Lanes t ≥ <paramref name="columns"/> are
    /// zero and must stay zero.
    /// </summary>
    public delegate void SliverTransform(Span<float> sliver, int rows, int firstColumn, int columns);

    /// <summary>Pixels per packed piece of X (the GEMM micro-kernel's Nr).</summary>
    public static int SliverWidth => Gemm.MicroKernelFor(GemmSettings.Kernel).Nr;

    /// <summary>
    /// yᵀ = Aᵀ·T(X[kBegin .. kBegin+kCount, firstPixel .. firstPixel+count]) for group <paramref name="group"/> of
    /// <paramref name="input"/>, where Aᵀ is the parts of <paramref name="aTransposed"/> stacked (each part nᵢ×kCount,
    /// row-major) and yᵀ is (Σnᵢ)×count, row-major. Each part's rows get the same bits as
    /// <c>Gemm.Multiply(false, false, nᵢ, count, kCount, 1, partᵢ, kCount, T(X), count, 0, yᵢᵀ, count)</c> on the
    /// materialized, transformed X, whatever the thread count.
    /// </summary>
    public static unsafe void Multiply(
        in Conv2DGeometry g, ReadOnlySpan<float> input, int group, int kBegin, int kCount, int firstPixel, int count,
        IReadOnlyList<float[]> aTransposed, Span<float> yTransposed, SliverTransform? transform, int? maxDegreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(aTransposed);
        g.Validate();
        int k = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;
        long pixels = (long)g.Batch * g.OutHeight * g.OutWidth;
        if (input.Length != g.InputLength || (uint)group >= (uint)g.Groups || kBegin < 0 || kCount <= 0 || kBegin + kCount > k
            || firstPixel < 0 || count < 0 || firstPixel + (long)count > pixels)
        {
            throw new ArgumentException(
                $"UnrolledConvolution: input {input.Length} (expected {g.InputLength}), group {group} of {g.Groups}, rows [{kBegin}, +{kCount}) of {k}, pixels [{firstPixel}, +{count}) of {pixels}.");
        }

        int n = 0;
        foreach (float[] part in aTransposed)
        {
            if (part.Length % kCount != 0)
            {
                throw new ArgumentException($"UnrolledConvolution: a part of Aᵀ holds {part.Length} values, not a multiple of {kCount} rows.");
            }

            n += part.Length / kCount;
        }

        if (yTransposed.Length != (long)n * count)
        {
            throw new ArgumentException($"UnrolledConvolution: yᵀ holds {yTransposed.Length} values, expected {n}×{count}.");
        }

        if (count == 0 || n == 0)
        {
            return;
        }

        var kernel = Gemm.MicroKernelFor(GemmSettings.Kernel);
        int mr = kernel.Mr, nr = kernel.Nr;
        int mPad = aTransposed.Sum(p => Gemm.RoundUp(p.Length / kCount, mr));
        float[] packedA = ArrayPool<float>.Shared.Rent((mPad * kCount) + Gemm.AlignFloats);
        try
        {
            fixed (float* px = input, py = yTransposed, raw = packedA)
            {
                float* pa = Gemm.Align64(raw);
                PackA(aTransposed, kCount, mr, mPad, pa);
                var job = new Job(kernel, new ConvolutionSliverPacker(g, nr), px + ((nint)group * g.InChannelsPerGroup * g.InHeight * g.InWidth), pa, mPad, aTransposed, kBegin, kCount, firstPixel, count, py, transform);
                int slivers = Gemm.CeilDiv(count, nr);
                int threads = (long)n * count * kCount <= Gemm.SerialMacs ? 1 : maxDegreeOfParallelism ?? GemmSettings.Threads;
                int tasks = Math.Min(slivers, Math.Max(1, threads * Gemm.TasksPerThreadTarget));
                if (threads > 1 && tasks > 1)
                {
                    Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => job.Run(t * slivers / tasks, (t + 1) * slivers / tasks));
                }
                else
                {
                    job.Run(0, slivers);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packedA);
        }
    }

    /// <summary>
    /// Packs each part as <c>GemmJob</c> packs a row-major A: per k block of <see cref="Gemm.KcBlock"/> (at p0·mPad),
    /// per Mr-row sliver (parts padded to whole slivers, so no sliver spans two parts), k-major; padding rows are zero.
    /// </summary>
    private static unsafe void PackA(IReadOnlyList<float[]> parts, int kCount, int mr, int mPad, float* dst)
    {
        int rowBase = 0;
        foreach (float[] part in parts)
        {
            int rows = part.Length / kCount;
            for (int s = 0; s < Gemm.CeilDiv(rows, mr); s++)
            {
                int r0 = s * mr, valid = Math.Min(mr, rows - r0);
                for (int p0 = 0; p0 < kCount; p0 += Gemm.KcBlock)
                {
                    int kc = Math.Min(Gemm.KcBlock, kCount - p0);
                    float* d = dst + ((nint)p0 * mPad) + ((nint)(rowBase + r0) * kc);
                    for (int p = 0; p < kc; p++)
                    {
                        for (int r = 0; r < mr; r++)
                        {
                            d[(p * mr) + r] = r < valid ? part[((r0 + r) * kCount) + p0 + p] : 0f;
                        }
                    }
                }
            }

            rowBase += Gemm.RoundUp(rows, mr);
        }
    }

    /// <summary>One call's state; <see cref="Run"/> does a range of pixel slivers (each writes only its own columns).</summary>
    private sealed unsafe class Job(
        GemmMicroKernel kernel, ConvolutionSliverPacker packer, float* xGroup, float* packedA, int mPad, IReadOnlyList<float[]> parts,
        int kBegin, int kCount, int firstPixel, int count, float* y, SliverTransform? transform)
    {
        public void Run(int s0, int s1)
        {
            int mr = kernel.Mr, nr = kernel.Nr;
            float[] buffer = ArrayPool<float>.Shared.Rent((kCount * nr) + Gemm.AlignFloats);
            float* tile = stackalloc float[GemmMicroKernel.MaxTile];
            try
            {
                fixed (float* raw = buffer)
                {
                    float* b = Gemm.Align64(raw);
                    for (int s = s0; s < s1; s++)
                    {
                        int column = s * nr, width = Math.Min(nr, count - column);
                        packer.Pack(xGroup, firstPixel + column, width, kBegin, kCount, b);
                        transform?.Invoke(new Span<float>(b, kCount * nr), kCount, column, width);
                        Multiply(b, column, width, tile);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }

        /// <summary>Every part's rows times one packed sliver, k blocks in ascending order (beta 0, then 1), as GemmJob.</summary>
        private void Multiply(float* b, int column, int width, float* tile)
        {
            int mr = kernel.Mr, nr = kernel.Nr;
            var run = kernel.Run;
            for (int p0 = 0; p0 < kCount; p0 += Gemm.KcBlock)
            {
                int kc = Math.Min(Gemm.KcBlock, kCount - p0);
                float beta = p0 == 0 ? 0f : 1f;
                float* bBlock = b + ((nint)p0 * nr);
                int rowBase = 0, packedBase = 0;
                foreach (float[] part in parts)
                {
                    int rows = part.Length / kCount;
                    for (int r0 = 0; r0 < rows; r0 += mr)
                    {
                        float* a = packedA + ((nint)p0 * mPad) + ((nint)(packedBase + r0) * kc);
                        float* c = y + ((nint)(rowBase + r0) * count) + column;
                        int valid = Math.Min(mr, rows - r0);
                        if (valid == mr && width == nr)
                        {
                            run(a, bBlock, kc, c, count, beta);
                        }
                        else
                        {
                            run(a, bBlock, kc, tile, nr, 0f);
                            GemmJob.UpdateEdge(tile, nr, c, count, valid, width, beta);
                        }
                    }

                    rowBase += rows;
                    packedBase += Gemm.RoundUp(rows, mr);
                }
            }
        }
    }
}
