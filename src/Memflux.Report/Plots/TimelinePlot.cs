using ScottPlot;

namespace Memflux.Report.Plots;

/// <summary>A Gantt chart: one row per resource, a bar per busy interval; the bottleneck's row red and named.</summary>
internal static class TimelinePlot
{
    public static byte[] Render(TimelineFigure figure)
    {
        var plot = PlotImage.Create($"pipeline timeline (batch {figure.Batch}); red: the bottleneck", "time (µs)", string.Empty);
        int bottleneck = IndexOf(figure.Resources, figure.Bottleneck);
        var busy = new Color("#1f77b4");
        foreach (var interval in figure.Intervals)
        {
            double y = figure.Resources.Count - 1 - interval.Resource;
            var bar = plot.Add.Rectangle(interval.StartNs / 1e3, interval.EndNs / 1e3, y - 0.4, y + 0.4);
            bar.FillColor = interval.Resource == bottleneck ? Colors.Red : busy;
            bar.LineWidth = 0;
        }

        double[] ticks = [.. Enumerable.Range(0, figure.Resources.Count).Select(i => (double)(figure.Resources.Count - 1 - i))];
        string[] labels = [.. figure.Resources.Select((r, i) => i == bottleneck ? r + " ◀ bottleneck" : r)];
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, labels);
        plot.Axes.SetLimits(0, figure.MakespanNs / 1e3 * 1.02, -0.6, figure.Resources.Count - 0.4);
        int height = Math.Clamp(120 + (22 * figure.Resources.Count), PlotImage.Height, 1400);
        return PlotImage.Png(plot, PlotImage.Width, height);
    }

    private static int IndexOf(IReadOnlyList<string> resources, string name)
    {
        for (int i = 0; i < resources.Count; i++)
        {
            if (resources[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
