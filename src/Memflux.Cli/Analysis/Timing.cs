using System.Diagnostics;

namespace Memflux.Cli.Analysis;

/// <summary>
/// Wall-clock timing: warm up (long enough for tiered JIT to promote hot methods), then take the median of a few
/// samples; a sample repeats a short action so that it lasts long enough for the clock.
/// </summary>
internal static class Timing
{
    /// <summary>Warm-up lasts at least this long (and at least one run).</summary>
    public const double WarmupSeconds = 0.25;

    /// <summary>A sample repeats the action until it is at least this long.</summary>
    public const double MinSampleSeconds = 0.05;

    /// <summary>
    /// Returns the median seconds per call of <paramref name="action"/> over <paramref name="samples"/> samples (fewer,
    /// but at least <paramref name="minSamples"/>, once the samples took <paramref name="budgetSeconds"/> in all).
    /// </summary>
    public static double MedianSeconds(Action action, int samples, int minSamples = 3, double budgetSeconds = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        int warmupRuns = 0;
        long warmupStart = Stopwatch.GetTimestamp();
        do
        {
            action();
            warmupRuns++;
        }
        while (Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < WarmupSeconds);

        double estimate = Stopwatch.GetElapsedTime(warmupStart).TotalSeconds / warmupRuns;
        int repeat = estimate >= MinSampleSeconds ? 1 : (int)Math.Ceiling(MinSampleSeconds / Math.Max(estimate, 1e-9));
        var times = new List<double>(samples);
        double spent = 0;
        for (int i = 0; i < samples; i++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < repeat; r++)
            {
                action();
            }

            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            times.Add(seconds / repeat);
            spent += seconds;
            if (times.Count >= minSamples && spent > budgetSeconds)
            {
                break;
            }
        }

        return Median(times);
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
