using ScottPlot;

namespace Memflux.Report.Plots;

/// <summary>
/// Quality against a cost: every point as a marker, the Pareto front's points solid and joined in cost order by a step
/// line (the best quality reachable at each cost), the dominated points faded.
/// </summary>
internal static class ParetoPlot
{
    private static readonly Color Front = new("#d62728");
    private static readonly Color Dominated = new("#1f77b4");

    /// <summary>
    /// Renders the points that have both a cost and a quality. Costs spanning more than <see cref="LogSpan"/>× (and all
    /// positive) go on a log axis, so that the cheap designs do not collapse into one column.
    /// </summary>
    public static byte[] Render(string title, string costLabel, string qualityLabel, IReadOnlyList<(double Cost, double Quality, bool OnFront)> points)
    {
        double min = points.Min(p => p.Cost), max = points.Max(p => p.Cost);
        bool log = min > 0 && max / min > LogSpan;
        var plot = PlotImage.Create(title, log ? $"{costLabel} (log scale)" : costLabel, qualityLabel);
        if (log)
        {
            points = [.. points.Select(p => (Math.Log10(p.Cost), p.Quality, p.OnFront))];
            plot.Axes.Bottom.TickGenerator = LogTicks(min, max);
        }

        var dominated = points.Where(p => !p.OnFront).ToArray();
        if (dominated.Length > 0)
        {
            var faded = plot.Add.ScatterPoints(dominated.Select(p => p.Cost).ToArray(), dominated.Select(p => p.Quality).ToArray(), Dominated.WithAlpha(0.3));
            faded.MarkerSize = 7;
            faded.LegendText = $"dominated ({dominated.Length})";
        }

        var front = points.Where(p => p.OnFront).OrderBy(p => p.Cost).ThenByDescending(p => p.Quality).ToArray();
        if (front.Length > 0)
        {
            var line = plot.Add.Scatter(front.Select(p => p.Cost).ToArray(), front.Select(p => p.Quality).ToArray(), Front);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.MarkerSize = 9;
            line.LegendText = $"Pareto front ({front.Length})";
        }

        plot.ShowLegend(Alignment.LowerRight);
        return PlotImage.Png(plot);
    }

    /// <summary>The cost ratio above which the cost axis is logarithmic.</summary>
    public const double LogSpan = 20;

    /// <summary>Ticks at 1, 2 and 5 × each power of ten from <paramref name="min"/> to <paramref name="max"/>, labelled in cost units.</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double min, double max)
    {
        var at = new List<double>();
        var labels = new List<string>();
        for (int e = (int)Math.Floor(Math.Log10(min)); e <= (int)Math.Ceiling(Math.Log10(max)); e++)
        {
            foreach (double m in (double[])[1, 2, 5])
            {
                double v = m * Math.Pow(10, e);
                if (v >= min / 1.5 && v <= max * 1.5)
                {
                    at.Add(Math.Log10(v));
                    labels.Add(ReportFormat.Number(v));
                }
            }
        }

        return new ScottPlot.TickGenerators.NumericManual([.. at], [.. labels]);
    }
}
