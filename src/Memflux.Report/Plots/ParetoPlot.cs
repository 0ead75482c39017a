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

    /// <summary>Renders the points that have both a cost and a quality.</summary>
    public static byte[] Render(string title, string costLabel, string qualityLabel, IReadOnlyList<(double Cost, double Quality, bool OnFront)> points)
    {
        var plot = PlotImage.Create(title, costLabel, qualityLabel);
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
}
