using System.Globalization;

namespace Memflux.Numerics;

/// <summary>
/// The most memory one tensor may take, so that a size a file or an option declares (a Pad by 40,000, a broadcast of
/// [40000,1] and [1,40000], a batch of 10⁹) is a clear refusal when shapes are inferred, before anything is allocated,
/// rather than an out-of-memory after minutes. Default: 75% of the memory available to the process (physical memory, or
/// the container's limit); the CLI's <c>--max-memory</c> sets it for one run (<see cref="Use"/>).
/// </summary>
public static class MemoryBudget
{
    private static readonly AsyncLocal<long?> Override = new();

    /// <summary>75% of the memory the runtime sees as available to this process.</summary>
    public static long Default => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3;

    /// <summary>The budget in bytes: the innermost <see cref="Use"/> on this flow of execution, else <see cref="Default"/>.</summary>
    public static long Bytes => Override.Value ?? Default;

    /// <summary>
    /// Sets the budget to <paramref name="bytes"/> for the code that runs until the result is disposed, on this flow of
    /// execution only (an <see cref="AsyncLocal{T}"/>), so two runs in one process do not share it.
    /// </summary>
    public static IDisposable Use(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        var previous = Override.Value;
        Override.Value = bytes;
        return new Restore(previous);
    }

    /// <summary>
    /// Throws a <see cref="MemfluxException"/> when a tensor of <paramref name="shape"/> and <paramref name="type"/>
    /// exceeds the budget; <paramref name="what"/> names it ("output 'y' of Pad node 'p'").
    /// </summary>
    public static void Check(TensorShape shape, DataType type, string what)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long bytes = (long)shape.ElementCount * type.Size();
        long budget = Bytes;
        if (bytes > budget)
        {
            throw new MemfluxException(
                $"{what} would be {type}{shape}, {Format(bytes)}: more than the memory budget of {Format(budget)} " +
                "(--max-memory; default 75% of the memory available).");
        }
    }

    /// <summary>Parses a size as users write it: <c>512M</c>, <c>16G</c>, <c>1T</c> (powers of 1024), a plain byte count, or <c>75%</c> of the memory available.</summary>
    public static long Parse(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t.EndsWith('%') && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) && percent > 0 && percent <= 100)
        {
            return Math.Max(1, (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * (percent / 100)));
        }

        double scale = t.Length < 2 && !char.IsAsciiDigit(t.FirstOrDefault()) ? 0 : char.ToUpperInvariant(t[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            'T' => 1L << 40,
            _ => 1,
        };
        string number = scale == 1 || scale == 0 ? t : t[..^1];
        if (scale > 0 && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 1 && double.IsFinite(value * scale) && value * scale < long.MaxValue)
        {
            return (long)(value * scale);
        }

        throw new MemfluxException($"{field}: expected a size such as 512M, 16G or 75%, found '{text}'.");
    }

    /// <summary><paramref name="bytes"/> in the largest binary unit that keeps a number ≥ 1 (e.g. 6.0 GiB).</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }

        return u == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{v:0.0} {units[u]}");
    }

    private sealed class Restore(long? previous) : IDisposable
    {
        public void Dispose() => Override.Value = previous;
    }
}
