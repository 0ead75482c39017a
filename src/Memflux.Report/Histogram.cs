using Memflux.Numerics;

namespace Memflux.Report;

/// <summary>
/// Counts of values in equal-width bins between <see cref="Minimum"/> and <see cref="Maximum"/> (the last bin includes
/// the maximum), with the mean and standard deviation of the values.
/// </summary>
/// <param name="Minimum">The smallest value (the first bin's lower edge).</param>
/// <param name="Maximum">The largest value (the last bin's upper edge).</param>
/// <param name="Counts">Values per bin.</param>
/// <param name="Mean">Mean of the values.</param>
/// <param name="StandardDeviation">Population standard deviation of the values.</param>
public sealed record Histogram(double Minimum, double Maximum, IReadOnlyList<long> Counts, double Mean, double StandardDeviation)
{
    /// <summary>Width of one bin.</summary>
    public double BinWidth => (Maximum - Minimum) / Counts.Count;

    /// <summary>Bins <paramref name="values"/> into <paramref name="bins"/> equal bins; every value must be finite.</summary>
    public static Histogram Of(ReadOnlySpan<float> values, int bins, string what)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (values.IsEmpty)
        {
            throw new MemfluxException($"{what}: no values to plot.");
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                throw new MemfluxException($"{what}: expected finite values, found {v}.");
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
        }

        double mean = sum / values.Length, squares = 0;
        foreach (float v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        var counts = new long[bins];
        double width = (max - min) / bins;
        foreach (float v in values)
        {
            int bin = width > 0 ? (int)((v - min) / width) : 0;
            counts[Math.Min(bin, bins - 1)]++;
        }

        return new Histogram(min, max, counts, mean, Math.Sqrt(squares / values.Length));
    }
}
