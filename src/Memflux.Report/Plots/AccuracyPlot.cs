using ScottPlot;

namespace Memflux.Report.Plots;

/// <summary>
/// The metric over time after programming on a log time axis: each series' mean with its 95% band (mean ± CI half-width,
/// no band where the half-width is unknown) and the digital reference as a dashed line.
/// </summary>
internal static class AccuracyPlot
{
    private static readonly Color[] Palette = [new("#1f77b4"), new("#d62728"), new("#2ca02c")];

    public static byte[] Render(AccuracyFigure figure)
    {
        var plot = PlotImage.Create($"{figure.Metric} after programming ({figure.Chips} chips, 95% CI)", "time after programming (log scale)", figure.Metric);
        double[] x = [.. figure.TimesSeconds.Select(Math.Log10)];
        for (int s = 0; s < figure.Series.Count; s++)
        {
            var series = figure.Series[s];
            var color = Palette[s % Palette.Length];
            double[] mean = [.. series.Mean];
            if (series.Ci95.All(c => c is not null))
            {
                double[] low = [.. mean.Select((m, i) => m - series.Ci95[i]!.Value)];
                double[] high = [.. mean.Select((m, i) => m + series.Ci95[i]!.Value)];
                var band = plot.Add.FillY(x, low, high);
                band.FillColor = color.WithAlpha(0.2);
                band.LineColor = Palette[s % Palette.Length].WithAlpha(0);
            }

            var line = plot.Add.Scatter(x, mean, color);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.LegendText = series.Name;
        }

        if (figure.Reference is double reference)
        {
            var line = plot.Add.HorizontalLine(reference, 1.5f, Colors.Black, LinePattern.Dashed);
            line.LegendText = figure.ReferenceName;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(x, [.. figure.TimesSeconds.Select(ReportFormat.Duration)]);
        double span = x.Length > 1 ? x[^1] - x[0] : 1;
        plot.Axes.SetLimitsX(x[0] - (0.08 * span), x[^1] + (0.08 * span));
        plot.ShowLegend(Alignment.LowerLeft);
        return PlotImage.Png(plot);
    }
}
