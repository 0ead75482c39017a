using ScottPlot;

namespace Memflux.Report.Plots;

/// <summary>Per-layer relative RMS output error: propagated (the network's) and isolated (the layer's own) side by side.</summary>
internal static class LayerErrorPlot
{
    public static byte[] Render(LayerErrorFigure figure)
    {
        var plot = PlotImage.Create($"per-layer output error at {ReportFormat.Duration(figure.TimeSeconds)} ({figure.Samples} samples)", "analog layer", "relative RMS error");
        var propagated = new Color("#1f77b4");
        var isolated = new Color("#ff7f0e");
        var bars = new List<Bar>();
        for (int i = 0; i < figure.Layers.Count; i++)
        {
            bars.Add(new Bar { Position = (3 * i) + 0, Value = figure.Layers[i].Propagated, FillColor = propagated });
            bars.Add(new Bar { Position = (3 * i) + 1, Value = figure.Layers[i].Isolated, FillColor = isolated });
        }

        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "propagated (all earlier layers analog)", FillColor = propagated });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "isolated (exact inputs)", FillColor = isolated });
        plot.ShowLegend(Alignment.UpperLeft);
        double[] ticks = [.. Enumerable.Range(0, figure.Layers.Count).Select(i => (3.0 * i) + 0.5)];
        string[] labels = [.. figure.Layers.Select((l, i) => $"{i}")];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks, labels);
        plot.Axes.Margins(bottom: 0);
        return PlotImage.Png(plot);
    }
}
