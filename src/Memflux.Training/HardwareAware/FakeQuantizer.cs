using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Training.HardwareAware;

/// <summary>
/// Symmetric uniform fake-quantization with an abs-max range: with r = max|x| over the whole tensor (the batch) and
/// step Δ = r / (2^(bits−1) − 1), each value becomes round(x/Δ)·Δ, one of 2^bits − 1 levels in [−r, r]. Nothing lies
/// outside the range, so the straight-through estimator passes the gradient unchanged (Bengio et al. 2013).
/// </summary>
public static class FakeQuantizer
{
    /// <summary>Quantizes <paramref name="x"/> into <paramref name="destination"/> (may be the same span) with <paramref name="bits"/> bits.</summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<float> destination, int bits)
    {
        if (destination.Length != x.Length)
        {
            throw new ArgumentException($"FakeQuantizer: {x.Length} values into {destination.Length}.", nameof(destination));
        }

        if (bits is < 2 or > 24)
        {
            throw new MemfluxException($"FakeQuantizer: bits must be in 2..24, found {bits}.");
        }

        QuantizeCore(x, destination, bits);
    }

    /// <summary>The quantization step for a range of <paramref name="range"/> with <paramref name="bits"/> bits.</summary>
    public static float Step(float range, int bits) => range / ((1 << (bits - 1)) - 1);

    internal static void QuantizeCore(ReadOnlySpan<float> x, Span<float> destination, int bits)
    {
        float range = WeightPerturbation.MaxAbs(x);
        if (!(range > 0f) || float.IsInfinity(range))
        {
            x.CopyTo(destination);
            return;
        }

        // Three SIMD passes; each element sees the same operations as round(x·(1/Δ))·Δ in scalar code.
        float step = Step(range, bits), inverse = 1f / step;
        TensorPrimitives.Multiply(x, inverse, destination);
        TensorPrimitives.Round(destination, destination);
        TensorPrimitives.Multiply(destination, step, destination);
    }
}
