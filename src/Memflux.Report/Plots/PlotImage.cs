using ScottPlot;

namespace Memflux.Report.Plots;

/// <summary>Renders a ScottPlot plot as a PNG for embedding (report plots share one size and style).</summary>
internal static class PlotImage
{
    /// <summary>Width of a plot image in pixels.</summary>
    public const int Width = 760;

    /// <summary>Height of a plot image in pixels.</summary>
    public const int Height = 380;

    /// <summary>A new plot with the report's font sizes.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        return plot;
    }

    /// <summary>The plot as PNG bytes of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static byte[] Png(Plot plot, int width = Width, int height = Height) => plot.GetImageBytes(width, height, ImageFormat.Png);
}
