using System.Globalization;
using Memflux.Numerics;

namespace Memflux.Chip;

/// <summary>Durations as users write them: <c>1s</c>, <c>250ms</c>, <c>1h</c>, <c>1d</c>, <c>1y</c> (365 days), or plain seconds.</summary>
public static class ChipTime
{
    private static readonly (string Suffix, double Seconds)[] Units =
    [
        ("ms", 1e-3), ("s", 1), ("min", 60), ("h", 3600), ("d", 86400), ("w", 7 * 86400), ("y", 365 * 86400),
    ];

    /// <summary>Parses one duration into seconds; <paramref name="field"/> names it in the error.</summary>
    public static double Parse(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        foreach (var (suffix, seconds) in Units.OrderByDescending(u => u.Suffix.Length))
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(t[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                && value >= 0 && double.IsFinite(value))
            {
                return value == 0 ? 0 : value * seconds; // -0s is 0 s, not a negative zero
            }
        }

        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double plain) && plain >= 0 && double.IsFinite(plain))
        {
            return plain == 0 ? 0 : plain;
        }

        throw new MemfluxException($"{field}: expected a non-negative duration such as 1s, 1h, 1d or 1y, found '{text}'.");
    }

    /// <summary>A short label for <paramref name="seconds"/> (1 s, 1 h, 1 d, 1 y when exact).</summary>
    public static string Format(double seconds)
    {
        foreach (var (suffix, unit) in Units.OrderByDescending(u => u.Seconds))
        {
            double v = seconds / unit;
            if (v >= 1 && Math.Abs(v - Math.Round(v)) < 1e-9)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Math.Round(v)}{suffix}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds:G4}s");
    }
}
