using ScottPlot;

namespace Memflux.Report.Plots;

/// <summary>Energy per inference as stacked bars, the analog chip beside the digital baseline; area by component.</summary>
internal static class CostPlot
{
    private static readonly Color[] Palette = [.. new ScottPlot.Palettes.Category20().Colors];

    public static byte[] RenderEnergy(CostFigure figure)
    {
        var plot = PlotImage.Create("energy per inference by component", string.Empty, "energy per inference (µJ)");
        var bars = new List<Bar>();
        int color = 0;
        Stack(bars, figure.AnalogEnergyJ, 0, 1e6, plot, ref color);
        Stack(bars, figure.DigitalEnergyJ, 1, 1e6, plot, ref color);
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([0, 1], ["analog chip", figure.DigitalBaseline]);
        plot.Axes.SetLimitsX(-0.6, 2.6);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return PlotImage.Png(plot);
    }

    public static byte[] RenderArea(CostFigure figure)
    {
        var plot = PlotImage.Create("chip area by component", string.Empty, "area (mm²)");
        var bars = new List<Bar>();
        for (int i = 0; i < figure.AreaMm2.Count; i++)
        {
            bars.Add(new Bar { Position = i, Value = figure.AreaMm2[i].Value, FillColor = Palette[i % Palette.Length] });
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, figure.AreaMm2.Count).Select(i => (double)i)], [.. figure.AreaMm2.Select(c => c.Name)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Axes.Margins(bottom: 0);
        return PlotImage.Png(plot);
    }

    private static void Stack(List<Bar> bars, IReadOnlyList<CostComponent> components, double position, double scale, Plot plot, ref int color)
    {
        double bottom = 0;
        foreach (var component in components)
        {
            var fill = Palette[color++ % Palette.Length];
            double top = bottom + (component.Value * scale);
            bars.Add(new Bar { Position = position, ValueBase = bottom, Value = top, FillColor = fill });
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = component.Name, FillColor = fill });
            bottom = top;
        }
    }
}
