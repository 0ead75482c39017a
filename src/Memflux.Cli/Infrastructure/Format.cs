using System.Globalization;

namespace Memflux.Cli.Infrastructure;

/// <summary>Number and shape formatting for tables (invariant culture).</summary>
internal static class Format
{
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Shape(int[]? dims) => dims is null ? "-" : "[" + string.Join(",", dims) + "]";

    public static string Shapes(IEnumerable<int[]?> shapes) => string.Join(" ", shapes.Select(Shape));

    public static string Sci(double x) => x.ToString("0.###e+0", CultureInfo.InvariantCulture);

    public static string Seconds(double s) => s.ToString(s < 0.01 ? "0.######" : "0.####", CultureInfo.InvariantCulture);

    public static string Fixed(double x, int digits) => x.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan t) => t.TotalSeconds < 60
        ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : t.TotalMinutes < 60 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{(int)t.TotalHours} h {t.Minutes} min";

    public static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
