using System.Diagnostics;

namespace Memflux.Experiments;

/// <summary>
/// Wall-clock timing of Memflux against a reference: warm up (long enough for tiered JIT to promote hot methods), then
/// take interleaved pairs of samples; a sample repeats a short action so that it lasts long enough for the clock.
/// </summary>
internal static class Timing
{
    /// <summary>Warm-up lasts at least this long (and at least one run).</summary>
    public const double WarmupSeconds = 0.25;

    /// <summary>A sample repeats the action until it is at least this long.</summary>
    public const double MinSampleSeconds = 0.05;

    /// <summary>
    /// Times <paramref name="memflux"/> against <paramref name="reference"/> in interleaved pairs, so that both see the
    /// same machine state: both warm up, then each pair runs one sample of each (alternating which goes first) back to
    /// back. Returns the median seconds per call of each side and the median of the per-pair ratios, which a slow
    /// spell on a shared machine moves far less than it moves either median. A sample repeats a short action to last at least
    /// <see cref="MinSampleSeconds"/>; pairs stop early once they took <paramref name="budgetSeconds"/> (after at
    /// least <paramref name="minPairs"/>).
    /// </summary>
    public static PairedTiming Paired(Action memflux, Action reference, int pairs, int minPairs = 3, double budgetSeconds = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1);
        int repeatA = Repeats(memflux), repeatB = Repeats(reference);
        var a = new List<double>(pairs);
        var b = new List<double>(pairs);
        var ratios = new List<double>(pairs);
        double spent = 0;
        for (int i = 0; i < pairs; i++)
        {
            double ta, tb;
            if (i % 2 == 0)
            {
                ta = Sample(memflux, repeatA);
                tb = Sample(reference, repeatB);
            }
            else
            {
                tb = Sample(reference, repeatB);
                ta = Sample(memflux, repeatA);
            }

            a.Add(ta);
            b.Add(tb);
            ratios.Add(ta / tb);
            spent += (ta * repeatA) + (tb * repeatB);
            if (ratios.Count >= minPairs && spent > budgetSeconds)
            {
                break;
            }
        }

        return new PairedTiming(Median(a), Median(b), Median(ratios), ratios.Count);
    }

    /// <summary>Warms <paramref name="action"/> up and returns how many calls make one sample.</summary>
    private static int Repeats(Action action)
    {
        int warmupRuns = 0;
        long warmupStart = Stopwatch.GetTimestamp();
        do
        {
            action();
            warmupRuns++;
        }
        while (Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < WarmupSeconds);

        double estimate = Stopwatch.GetElapsedTime(warmupStart).TotalSeconds / warmupRuns;
        return estimate >= MinSampleSeconds ? 1 : (int)Math.Ceiling(MinSampleSeconds / Math.Max(estimate, 1e-9));
    }

    /// <summary>Seconds per call over <paramref name="repeat"/> calls.</summary>
    private static double Sample(Action action, int repeat)
    {
        long start = Stopwatch.GetTimestamp();
        for (int r = 0; r < repeat; r++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds / repeat;
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

/// <summary>The result of <see cref="Timing.Paired"/>.</summary>
/// <param name="MemfluxS">Median seconds per call of the Memflux side.</param>
/// <param name="ReferenceS">Median seconds per call of the reference side.</param>
/// <param name="Ratio">Median over pairs of Memflux's time over the reference's.</param>
/// <param name="Pairs">Pairs measured.</param>
internal readonly record struct PairedTiming(double MemfluxS, double ReferenceS, double Ratio, int Pairs);
