using ScottPlot;

namespace Memflux.Report.Plots;

/// <summary>
/// Each chip's core mesh, chips side by side: a core's colour is its tile utilisation (viridis, 0 to 100%), its label
/// the layers on it; arrows between chips carry the chip-link traffic per inference.
/// </summary>
internal static class FloorplanPlot
{
    private const double ChipGap = 1.0;

    public static byte[] Render(FloorplanFigure figure)
    {
        var plot = PlotImage.Create($"floorplan: layers and tile utilisation per core ({figure.TilesPerCore} tiles per core)", string.Empty, string.Empty);
        var colormap = new ScottPlot.Colormaps.Viridis();
        int rows = figure.MeshRows, cols = figure.MeshColumns;
        float labelSize = Math.Clamp(160f / (cols * figure.Chips.Count), 6f, 13f);
        foreach (var chip in figure.Chips)
        {
            double left = Left(chip.Chip, cols);
            foreach (var core in chip.Cores)
            {
                int row = core.Core / cols, col = core.Core % cols;
                var cell = plot.Add.Rectangle(left + col, left + col + 0.96, -row - 0.96, -row);
                cell.FillColor = core.TilesUsed == 0 ? Colors.LightGray : colormap.GetColor(core.Utilisation);
                cell.LineWidth = 0;
                if (core.Layers.Count > 0)
                {
                    string layers = core.Layers.Count <= 3 ? string.Join(",", core.Layers.Select(l => $"L{l}")) : $"L{core.Layers[0]}…L{core.Layers[^1]}";
                    var text = plot.Add.Text($"{layers}\n{core.Utilisation:P0}", left + col + 0.48, -row - 0.48);
                    text.LabelFontSize = labelSize;
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontColor = core.Utilisation > 0.6 ? Colors.Black : Colors.White;
                }
            }

            var name = plot.Add.Text($"chip {chip.Chip}", left + (cols / 2.0), 0.15);
            name.LabelAlignment = Alignment.LowerCenter;
            name.LabelFontSize = 12;
        }

        foreach (var link in figure.Links)
        {
            var from = new Coordinates(Left(link.FromChip, cols) + (cols / 2.0), -rows / 2.0);
            var to = new Coordinates(Left(link.ToChip, cols) + (cols / 2.0), -rows / 2.0);
            var arrow = plot.Add.Arrow(from, to);
            arrow.ArrowFillColor = Colors.Red.WithAlpha(0.7);
            var label = plot.Add.Text($"{ReportFormat.Number(link.BitsPerInference)} bit", (from.X + to.X) / 2, (-rows / 2.0) + 0.3);
            label.LabelFontColor = Colors.Red;
            label.LabelAlignment = Alignment.LowerCenter;
        }

        plot.Axes.SetLimits(-0.3, Left(figure.Chips.Count, cols) - ChipGap + 0.3, -rows - 0.3, 0.9);
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SquareUnits();
        return PlotImage.Png(plot);
    }

    private static double Left(int chip, int cols) => chip * (cols + ChipGap);
}
