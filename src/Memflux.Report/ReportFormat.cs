using System.Globalization;

namespace Memflux.Report;

/// <summary>How the report prints numbers: four significant digits, invariant culture (the browser test parses them back).</summary>
public static class ReportFormat
{
    /// <summary>Significant digits of every number in the page.</summary>
    public const int SignificantDigits = 4;

    /// <summary>
    /// <paramref name="value"/> with <see cref="SignificantDigits"/> significant digits; whole numbers below 10¹⁵ (counts,
    /// indices) in full.
    /// </summary>
    public static string Number(double value) => Math.Abs(value) < 1e15 && value == Math.Round(value)
        ? value.ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("G" + SignificantDigits, CultureInfo.InvariantCulture);

    /// <summary>A duration in the largest unit that gives a value of at least 1 (s, min, h, d, y).</summary>
    public static string Duration(double seconds)
    {
        (double Seconds, string Unit)[] units = [(365 * 86400.0, "y"), (86400, "d"), (3600, "h"), (60, "min")];
        foreach (var (size, unit) in units)
        {
            if (seconds >= size)
            {
                return Number(seconds / size) + " " + unit;
            }
        }

        return Number(seconds) + " s";
    }
}
