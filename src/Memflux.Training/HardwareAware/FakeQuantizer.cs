using System.Runtime.Intrinsics;
using Memflux.Numerics;

namespace Memflux.Training.HardwareAware;

/// <summary>
/// Symmetric uniform fake-quantization with an abs-max range: with r = max|x| over the whole tensor (the batch) and
/// step Δ = r / (2^(bits−1) − 1), each value becomes round(x/Δ)·Δ, one of 2^bits − 1 levels in [−r, r]. Nothing lies
/// outside the range, so the straight-through estimator passes the gradient unchanged (Bengio et al. 2013).
/// </summary>
public static class FakeQuantizer
{
    /// <summary>Fewest values per chunk when splitting over threads.</summary>
    private const int MinChunk = 1 << 16;

    /// <summary>Most chunks a tensor is split into.</summary>
    private const int MaxChunks = 8;

    /// <summary>
    /// Quantizes <paramref name="x"/> into <paramref name="destination"/> (may be the same span) with <paramref name="bits"/>
    /// bits; with <paramref name="parallel"/>, a large tensor is split over threads (same result).
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<float> destination, int bits, ParallelOptions? parallel = null)
    {
        if (destination.Length != x.Length)
        {
            throw new ArgumentException($"FakeQuantizer: {x.Length} values into {destination.Length}.", nameof(destination));
        }

        if (bits is < 2 or > 24)
        {
            throw new MemfluxException($"FakeQuantizer: bits must be in 2..24, found {bits}.");
        }

        QuantizeCore(x, destination, bits, parallel);
    }

    /// <summary>The quantization step for a range of <paramref name="range"/> with <paramref name="bits"/> bits.</summary>
    public static float Step(float range, int bits) => range / ((1 << (bits - 1)) - 1);

    /// <summary>
    /// Quantizes the first x.Length values. With <paramref name="parallel"/>, large tensors are split into chunks over
    /// threads for the abs-max and for the rounding; every element still gets round(x·(1/Δ))·Δ with the same Δ, so the
    /// result does not depend on the split. A NaN anywhere makes the range NaN and leaves the values unquantized.
    /// </summary>
    internal static unsafe void QuantizeCore(ReadOnlySpan<float> x, Span<float> destination, int bits, ParallelOptions? parallel = null)
    {
        int n = x.Length;
        int chunks = parallel is null ? 1 : Math.Clamp(n / MinChunk, 1, MaxChunks);
        fixed (float* px = x, pd = destination)
        {
            nint xs = (nint)px, ds = (nint)pd;
            float range;
            if (chunks == 1)
            {
                range = WeightPerturbation.MaxAbs(x);
            }
            else
            {
                float* maxima = stackalloc float[MaxChunks];
                nint ms = (nint)maxima;
                Parallel.For(0, chunks, parallel!, c =>
                {
                    int start = Start(c, chunks, n);
                    ((float*)ms)[c] = WeightPerturbation.MaxAbs(new ReadOnlySpan<float>((float*)xs + start, Start(c + 1, chunks, n) - start));
                });
                range = maxima[0];
                for (int c = 1; c < chunks; c++)
                {
                    range = MathF.Max(range, maxima[c]); // NaN-propagating
                }
            }

            if (!(range > 0f) || float.IsInfinity(range))
            {
                x.CopyTo(destination);
                return;
            }

            float step = Step(range, bits), inverse = 1f / step;
            if (chunks == 1)
            {
                Round(px, pd, n, inverse, step);
            }
            else
            {
                Parallel.For(0, chunks, parallel!, c =>
                {
                    int start = Start(c, chunks, n);
                    Round((float*)xs + start, (float*)ds + start, Start(c + 1, chunks, n) - start, inverse, step);
                });
            }
        }
    }

    private static int Start(int chunk, int chunks, int n) => (int)((long)chunk * n / chunks);

    /// <summary>d[i] = round(x[i]·inverse)·step (ties to even) in one pass; may run in place.</summary>
    private static unsafe void Round(float* x, float* d, int n, float inverse, float step)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vi = Vector512.Create(inverse);
            var vs = Vector512.Create(step);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                (Vector512.Round(Vector512.Load(x + i) * vi) * vs).Store(d + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vi = Vector256.Create(inverse);
            var vs = Vector256.Create(step);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.Round(Vector256.Load(x + i) * vi) * vs).Store(d + i);
            }
        }

        for (; i < n; i++)
        {
            d[i] = MathF.Round(x[i] * inverse) * step;
        }
    }
}
