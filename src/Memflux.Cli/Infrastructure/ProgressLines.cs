using System.Globalization;

namespace Memflux.Cli.Infrastructure;

/// <summary>
/// Progress of a long task as plain lines on stderr, for output that is not a terminal (a log, a pipe, a Slurm job):
/// "WHAT: 40% (12/30), 12.0 s elapsed, ETA 18.0 s — DETAIL". A line is written at the first update, then at most every
/// <see cref="Interval"/> of the clock, and at the end; the ETA extrapolates the rate so far linearly.
/// </summary>
internal sealed class ProgressLines
{
    /// <summary>The least time between two lines.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly TextWriter _error;
    private readonly string _what;
    private readonly double _total;
    private readonly Func<TimeSpan> _clock;
    private TimeSpan? _lastLine;

    /// <summary>Progress of <paramref name="what"/> over <paramref name="total"/> units; <paramref name="clock"/> gives the time since the start.</summary>
    public ProgressLines(TextWriter error, string what, double total, Func<TimeSpan> clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(total);
        _error = error;
        _what = what;
        _total = total;
        _clock = clock;
    }

    /// <summary>Progress on the process clock, from now.</summary>
    public static ProgressLines Started(TextWriter error, string what, double total)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        return new ProgressLines(error, what, total, () => watch.Elapsed);
    }

    /// <summary><paramref name="done"/> of the total units are done; <paramref name="detail"/> says what is running.</summary>
    public void Update(double done, string? detail = null)
    {
        var now = _clock();
        bool finished = done >= _total;
        if (_lastLine is { } last && now - last < Interval && !finished)
        {
            return;
        }

        _lastLine = now;
        _error.WriteLine(Line(done, now, detail));
    }

    /// <summary>The line for <paramref name="done"/> units at <paramref name="elapsed"/>.</summary>
    internal string Line(double done, TimeSpan elapsed, string? detail)
    {
        double fraction = Math.Clamp(done / _total, 0, 1);
        // A rate measured over less than a second says little about the rest, so no ETA before then.
        string eta = fraction is > 0 and < 1 && elapsed >= TimeSpan.FromSeconds(1) ? $", ETA {Format.Duration(elapsed * ((1 - fraction) / fraction))}" : "";
        string tail = detail is null ? "" : $" — {detail}";
        return string.Create(CultureInfo.InvariantCulture, $"{_what}: {fraction * 100:F0}% ({done:0.##}/{_total:0.##}), {Format.Duration(elapsed)} elapsed{eta}{tail}");
    }
}
