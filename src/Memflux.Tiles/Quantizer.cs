using System.Numerics.Tensors;

namespace Memflux.Tiles;

/// <summary>
/// The symmetric uniform quantizer of the DAC and ADC, as aihwkit's <c>UniformQuantize</c> with resolution
/// 1/(2^b − 2): step Δ = 2·range/(2^b − 2), q(x) = clamp(Δ·round(x/Δ), −range, range). The 2^b − 1 levels are
/// k·Δ for |k| ≤ 2^(b−1) − 1, so 0 and ±range are levels. Rounding is to nearest, ties to even.
/// </summary>
public static class Quantizer
{
    /// <summary>The step Δ = 2·range/(2^bits − 2) of a <paramref name="bits"/>-bit quantizer over ±<paramref name="range"/>.</summary>
    public static double StepSize(int bits, double range)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 24);
        return 2.0 * range / ((1 << bits) - 2);
    }

    /// <summary>
    /// Writes q(<paramref name="x"/>) to <paramref name="destination"/> (they may be the same span). Null bits means
    /// unlimited resolution; an infinite range means no saturation.
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> x, Span<float> destination, int? bits, double range)
    {
        if (destination.Length < x.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, expected at least {x.Length}", nameof(destination));
        }

        QuantizeCore(x, destination[..x.Length], bits, (float)range);
    }

    internal static void QuantizeCore(ReadOnlySpan<float> x, Span<float> destination, int? bits, float range)
    {
        ReadOnlySpan<float> source = x;
        if (bits is { } b)
        {
            float step = (float)StepSize(b, range);
            TensorPrimitives.Multiply(x, 1f / step, destination);
            TensorPrimitives.Round(destination, destination);
            TensorPrimitives.Multiply(destination, step, destination);
            source = destination;
        }

        if (float.IsFinite(range))
        {
            TensorPrimitives.Min(source, range, destination);
            TensorPrimitives.Max(destination, -range, destination);
        }
        else if (bits is null && !x.Overlaps(destination))
        {
            x.CopyTo(destination);
        }
    }
}
