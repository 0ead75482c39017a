namespace Memflux.Sweeps;

/// <summary>
/// Which axis a figure depends on most: for each axis, the figure's mean over the points that share each of the axis's
/// values (the axis's main effect), and the spread of those means (largest minus smallest). On a full grid this is the
/// textbook main effect; points without the figure are left out.
/// </summary>
public static class Sensitivity
{
    /// <summary>The axes of <paramref name="points"/> by the spread of <paramref name="figure"/>'s main effect, largest first.</summary>
    public static IReadOnlyList<(string Axis, double Spread)> Of(IReadOnlyList<StoredPoint> points, Func<StoredPoint, double?> figure)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(figure);
        var axes = points.SelectMany(p => p.Settings.Select(s => s.Key)).Distinct(StringComparer.Ordinal);
        var result = new List<(string, double)>();
        foreach (string axis in axes)
        {
            var means = points
                .Select(p => (Value: p.Settings[axis]?.ToJsonString() ?? "null", Figure: figure(p)))
                .Where(x => x.Figure is { } f && double.IsFinite(f))
                .GroupBy(x => x.Value, StringComparer.Ordinal)
                .Select(g => g.Average(x => x.Figure!.Value))
                .ToArray();
            if (means.Length >= 2)
            {
                result.Add((axis, means.Max() - means.Min()));
            }
        }

        return [.. result.OrderByDescending(r => r.Item2).ThenBy(r => r.Item1, StringComparer.Ordinal)];
    }
}
