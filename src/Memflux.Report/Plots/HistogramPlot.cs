using ScottPlot;

namespace Memflux.Report.Plots;

/// <summary>A histogram as adjacent bars.</summary>
internal static class HistogramPlot
{
    public static byte[] Render(Histogram histogram, string title, string xLabel, string color)
    {
        var plot = PlotImage.Create(title, xLabel, "devices");
        var fill = new Color(color);
        double width = histogram.BinWidth > 0 ? histogram.BinWidth : 1;
        var bars = histogram.Counts.Select((c, i) => new Bar
        {
            Position = histogram.Minimum + ((i + 0.5) * width),
            Value = c,
            Size = width,
            FillColor = fill,
            LineWidth = 0,
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Margins(bottom: 0);
        return PlotImage.Png(plot, PlotImage.Width / 2, PlotImage.Height);
    }
}
