using System.Diagnostics;

namespace Memflux.Cli.Analysis;

/// <summary>Wall-clock timing: one warm-up run, then the median of a few measured runs.</summary>
internal static class Timing
{
    /// <summary>
    /// Runs <paramref name="action"/> once to warm up, then <paramref name="runs"/> times (fewer, but at least
    /// <paramref name="minRuns"/>, once the measured runs pass <paramref name="budgetSeconds"/>), and returns the median in seconds.
    /// </summary>
    public static double MedianSeconds(Action action, int runs, int minRuns = 3, double budgetSeconds = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        action();
        var times = new List<double>(runs);
        double spent = 0;
        for (int i = 0; i < runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            times.Add(seconds);
            spent += seconds;
            if (times.Count >= minRuns && spent > budgetSeconds)
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
