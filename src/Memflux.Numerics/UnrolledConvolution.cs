using System.Buffers;

namespace Memflux.Numerics;

/// <summary>
/// Products with a convolution's unrolled input X (im2col: k = C/group·kH·kW rows, batch·outH·outW pixel columns)
/// that never materialize it: pieces of X are packed straight from the NCHW input, <see cref="SliverWidth"/> pixels at
/// a time (<see cref="UnrolledSlivers"/>), and the caller may transform each packed piece before it is used.
/// <see cref="Multiply"/> composes the pieces for one call; the analog tiles drive <see cref="UnrolledSlivers"/> and
/// <see cref="UnrolledWeights"/> themselves, scaling and quantizing each pixel's input vector in the packed piece.
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

        var weights = new UnrolledWeights(aTransposed, kCount);
        fixed (float* px = input, py = yTransposed)
        {
            var job = new Job(new UnrolledSlivers(g, px, group, kBegin, kCount), weights, firstPixel, count, py, transform);
            int slivers = Gemm.CeilDiv(count, job.Slivers.Width);
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

    /// <summary>One call's state; <see cref="Run"/> does a range of pixel slivers (each writes only its own columns).</summary>
    private sealed unsafe class Job(UnrolledSlivers slivers, UnrolledWeights weights, int firstPixel, int count, float* y, SliverTransform? transform)
    {
        public UnrolledSlivers Slivers => slivers;

        public void Run(int s0, int s1)
        {
            int nr = slivers.Width;
            float[] buffer = ArrayPool<float>.Shared.Rent(slivers.Length + Gemm.AlignFloats);
            try
            {
                fixed (float* raw = buffer)
                {
                    float* b = Gemm.Align64(raw);
                    for (int s = s0; s < s1; s++)
                    {
                        int column = s * nr, width = Math.Min(nr, count - column);
                        slivers.Pack(firstPixel + column, width, b);
                        transform?.Invoke(new Span<float>(b, slivers.Length), slivers.KCount, column, width);
                        slivers.Multiply(weights, b, width, y + column, count);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }
}
