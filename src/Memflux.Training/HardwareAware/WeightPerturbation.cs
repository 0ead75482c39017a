namespace Memflux.Training.HardwareAware;

/// <summary>
/// Draws the perturbed weights of one analog layer for one batch. Every random number is keyed by (key, element), with
/// separate streams for drop-connect, multiplicative and additive noise, so the result does not depend on thread count
/// or order.
/// </summary>
public static class WeightPerturbation
{
    /// <summary>
    /// Writes the perturbed copy of <paramref name="clean"/> (laid out [outChannels, rest]) into
    /// <paramref name="destination"/> per <paramref name="options"/>, drawing from <paramref name="key"/>.
    /// </summary>
    public static void Apply(ReadOnlySpan<float> clean, Span<float> destination, int outChannels, HardwareAwareOptions options, ulong key)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (destination.Length != clean.Length || outChannels <= 0 || clean.Length % outChannels != 0)
        {
            throw new ArgumentException($"WeightPerturbation: {clean.Length} weights in {outChannels} output channels into {destination.Length} values.");
        }

        ApplyCore(clean, destination, outChannels, options, key);
    }

    /// <summary>A standard Gaussian keyed by (<paramref name="key"/>, <paramref name="counter"/>) (Box–Muller on two counter-based uniforms).</summary>
    public static float GaussianAt(ulong key, ulong counter)
    {
        // 1 − u lies in (0, 1], so the logarithm is finite.
        float u1 = 1f - SplitMix64.UniformAt(key, 2 * counter);
        float u2 = SplitMix64.UniformAt(key, (2 * counter) + 1);
        return MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(2f * MathF.PI * u2);
    }

    /// <summary>
    /// <see cref="Apply"/> over arrays with output channels spread over threads; every value is keyed by its element
    /// index, so the result is the same whatever <paramref name="parallel"/> allows.
    /// </summary>
    internal static void ApplyParallel(float[] clean, float[] destination, int outChannels, HardwareAwareOptions o, ulong key, ParallelOptions parallel)
    {
        int row = clean.Length / outChannels;
        float layerMax = o.PerChannel ? 0f : MaxAbs(clean);
        int chunks = Math.Min(outChannels, BatchChunks.MaxChunks);
        Parallel.For(0, chunks, parallel, chunk =>
        {
            int first = BatchChunks.Start(chunk, chunks, outChannels), end = BatchChunks.Start(chunk + 1, chunks, outChannels);
            ApplyRows(clean, destination, row, first, end, layerMax, o, key);
        });
    }

    internal static void ApplyCore(ReadOnlySpan<float> clean, Span<float> destination, int outChannels, HardwareAwareOptions o, ulong key) =>
        ApplyRows(clean, destination, clean.Length / outChannels, 0, outChannels, o.PerChannel ? 0f : MaxAbs(clean), o, key);

    private static void ApplyRows(ReadOnlySpan<float> clean, Span<float> destination, int row, int first, int end, float layerMax, HardwareAwareOptions o, ulong key)
    {
        ulong dropKey = SplitMix64.Mix(key, 1), multKey = SplitMix64.Mix(key, 2), addKey = SplitMix64.Mix(key, 3);
        for (int oc = first; oc < end; oc++)
        {
            var src = clean.Slice(oc * row, row);
            var dst = destination.Slice(oc * row, row);
            float sigma = o.Noise * (o.PerChannel ? MaxAbs(src) : layerMax);
            for (int j = 0; j < row; j++)
            {
                ulong i = (ulong)((oc * row) + j);
                float w = src[j];
                if (o.DropConnect > 0f && SplitMix64.UniformAt(dropKey, i) < o.DropConnect)
                {
                    dst[j] = 0f;
                    continue;
                }

                if (o.MultiplicativeNoise > 0f)
                {
                    w *= 1f + (o.MultiplicativeNoise * GaussianAt(multKey, i));
                }

                if (sigma > 0f)
                {
                    w += sigma * GaussianAt(addKey, i);
                }

                dst[j] = w;
            }
        }
    }

    internal static float MaxAbs(ReadOnlySpan<float> x) => x.IsEmpty ? 0f : MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(x));
}
