using Memflux.Report.Plots;
using static Memflux.Report.HtmlPage;
using static Memflux.Report.ReportJson;

namespace Memflux.Report;

/// <summary>One section per figure: title, plot, and the plotted numbers in a table (each tagged with its JSON path).</summary>
internal static class FigureSections
{
    public static void Accuracy(HtmlPage page, AccuracyFigure f)
    {
        string root = Name(nameof(ReportModel.Accuracy));
        page.Raw("<section id=\"accuracy\">").Element("h2", $"{f.Metric} over time after programming");
        page.Plot("accuracy", AccuracyPlot.Render(f), $"{f.Metric} vs time after programming");
        var header = new List<string> { "time", "seconds" };
        header.AddRange(f.Series.Select(s => $"{s.Name}: mean"));
        header.AddRange(f.Series.Select(s => $"{s.Name}: 95% CI ±"));
        var rows = f.TimesSeconds.Select((t, i) =>
        {
            var row = new List<string> { Escape(ReportFormat.Duration(t)), Number($"{root}.{Name(nameof(f.TimesSeconds))}[{i}]", t) };
            row.AddRange(f.Series.Select((s, j) => Number($"{root}.{Name(nameof(f.Series))}[{j}].{Name(nameof(s.Mean))}[{i}]", s.Mean[i])));
            row.AddRange(f.Series.Select((s, j) => s.Ci95[i] is double ci ? Number($"{root}.{Name(nameof(f.Series))}[{j}].{Name(nameof(s.Ci95))}[{i}]", ci) : "n/a (one chip)"));
            return (IReadOnlyList<string>)row;
        });
        page.Table(header, rows);
        if (f.Reference is double reference)
        {
            page.Raw("<p>").Raw(Escape(f.ReferenceName)).Raw(": ").Raw(Number($"{root}.{Name(nameof(f.Reference))}", reference)).Raw("</p>\n");
        }

        page.Raw("<p class=\"note\">").Raw(Number($"{root}.{Name(nameof(f.Chips))}", f.Chips)).Raw(" chips, ")
            .Raw(Number($"{root}.{Name(nameof(f.Samples))}", f.Samples)).Raw(" samples per chip and time.</p></section>\n");
    }

    public static void LayerErrors(HtmlPage page, LayerErrorFigure f)
    {
        string root = Name(nameof(ReportModel.LayerErrors));
        page.Raw("<section id=\"layer-errors\">").Element("h2", "per-layer error attribution");
        page.Plot("layer-errors", LayerErrorPlot.Render(f), "per-layer relative RMS output error");
        page.Table(["#", "layer", "propagated", "isolated"], f.Layers.Select((l, i) => (IReadOnlyList<string>)
        [
            i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Escape(l.Layer),
            Number($"{root}.{Name(nameof(f.Layers))}[{i}].{Name(nameof(l.Propagated))}", l.Propagated),
            Number($"{root}.{Name(nameof(f.Layers))}[{i}].{Name(nameof(l.Isolated))}", l.Isolated),
        ]));
        page.Raw("</section>\n");
    }

    public static void Cost(HtmlPage page, CostFigure f)
    {
        string root = Name(nameof(ReportModel.Cost));
        page.Raw("<section id=\"cost\">").Element("h2", "energy and area by component");
        page.Raw("<div class=\"pair\">");
        page.Plot("energy", CostPlot.RenderEnergy(f), "energy per inference, analog vs digital baseline");
        page.Plot("area", CostPlot.RenderArea(f), "area by component");
        page.Raw("</div>");
        page.Table(["analog chip component", "energy per inference (J)"], Components(f.AnalogEnergyJ, $"{root}.{Name(nameof(f.AnalogEnergyJ))}"));
        page.Table([$"{f.DigitalBaseline} component", "energy per inference (J)"], Components(f.DigitalEnergyJ, $"{root}.{Name(nameof(f.DigitalEnergyJ))}"));
        page.Raw("<p>digital baseline energy / analog energy: ").Raw(Number($"{root}.{Name(nameof(f.BaselineRatio))}", f.BaselineRatio)).Raw("</p>\n");
        page.Table(["analog chip component", "area (mm²)"], Components(f.AreaMm2, $"{root}.{Name(nameof(f.AreaMm2))}"));
        page.Raw("<p class=\"note\">The digital baseline has no area model; its area is not shown.</p></section>\n");
    }

    public static void Floorplan(HtmlPage page, FloorplanFigure f)
    {
        string root = Name(nameof(ReportModel.Floorplan));
        page.Raw("<section id=\"floorplan\">").Element("h2", "chip floorplan");
        page.Plot("floorplan", FloorplanPlot.Render(f), "cores coloured by tile utilisation, labelled with their layers");
        page.Table(["layer", "name"], f.Layers.Select((l, i) => (IReadOnlyList<string>)[$"L{i}", Escape(l)]));
        page.Table(["chip", "cores used", "tiles used"], f.Chips.Select((chip, c) => (IReadOnlyList<string>)
        [
            Number($"{root}.{Name(nameof(f.Chips))}[{c}].{Name(nameof(chip.Chip))}", chip.Chip),
            Number($"{root}.{Name(nameof(f.Chips))}[{c}].{Name(nameof(chip.CoresUsed))}", chip.CoresUsed),
            Number($"{root}.{Name(nameof(f.Chips))}[{c}].{Name(nameof(chip.TilesUsed))}", chip.TilesUsed),
        ]));
        page.Raw("<p class=\"note\">").Raw(Number($"{root}.{Name(nameof(f.TilesPerCore))}", f.TilesPerCore)).Raw(" tiles per core; each core's tiles and layers are in report.json.</p>\n");
        if (f.Links.Count > 0)
        {
            page.Table(["from chip", "to chip", "bits per inference"], f.Links.Select((l, i) => (IReadOnlyList<string>)
            [
                Number($"{root}.{Name(nameof(f.Links))}[{i}].{Name(nameof(l.FromChip))}", l.FromChip),
                Number($"{root}.{Name(nameof(f.Links))}[{i}].{Name(nameof(l.ToChip))}", l.ToChip),
                Number($"{root}.{Name(nameof(f.Links))}[{i}].{Name(nameof(l.BitsPerInference))}", l.BitsPerInference),
            ]));
        }

        page.Raw("</section>\n");
    }

    public static void Timeline(HtmlPage page, TimelineFigure f)
    {
        string root = Name(nameof(ReportModel.Timeline));
        page.Raw("<section id=\"timeline\">").Element("h2", "pipeline timeline");
        page.Plot("timeline", TimelinePlot.Render(f), "busy intervals per resource");
        page.Raw("<p>bottleneck: <b>").Raw(Escape(f.Bottleneck)).Raw("</b>; makespan ")
            .Raw(Number($"{root}.{Name(nameof(f.MakespanNs))}", f.MakespanNs)).Raw(" ns for a batch of ")
            .Raw(Number($"{root}.{Name(nameof(f.Batch))}", f.Batch)).Raw(".</p>\n");
        if (f.OtherBusyResources > 0)
        {
            page.Raw("<p class=\"note\">Only the busiest resources are drawn; ").Raw(Number($"{root}.{Name(nameof(f.OtherBusyResources))}", f.OtherBusyResources))
                .Raw(" other busy resources are left out.</p>\n");
        }

        page.Raw("</section>\n");
    }

    public static void Devices(HtmlPage page, DeviceFigure f)
    {
        string root = Name(nameof(ReportModel.Devices));
        page.Raw("<section id=\"devices\">").Element("h2", $"devices of one tile: {f.Tile}");
        page.Raw("<div class=\"pair\">");
        page.Plot("conductance-error", HistogramPlot.Render(f.ConductanceError, "programmed − target conductance", "error (µS)", "#1f77b4"), "histogram of programmed conductance error");
        page.Plot("drift-exponent", HistogramPlot.Render(f.DriftExponent, "drift exponent ν", "ν", "#9467bd"), "histogram of drift exponents");
        page.Raw("</div>");
        page.Table(["", "mean", "std. dev.", "min", "max"],
        [
            Stats("conductance error (µS)", f.ConductanceError, $"{root}.{Name(nameof(f.ConductanceError))}"),
            Stats("drift exponent ν", f.DriftExponent, $"{root}.{Name(nameof(f.DriftExponent))}"),
        ]);
        page.Raw("<p class=\"note\">").Raw(Number($"{root}.{Name(nameof(f.Devices))}", f.Devices)).Raw(" devices.</p></section>\n");
    }

    private static IEnumerable<IReadOnlyList<string>> Components(IReadOnlyList<CostComponent> components, string key) =>
        components.Select((c, i) => (IReadOnlyList<string>)[Escape(c.Name), Number($"{key}[{i}].{Name(nameof(c.Value))}", c.Value)]);

    private static string[] Stats(string name, Histogram h, string key) =>
    [
        Escape(name),
        Number($"{key}.{Name(nameof(h.Mean))}", h.Mean),
        Number($"{key}.{Name(nameof(h.StandardDeviation))}", h.StandardDeviation),
        Number($"{key}.{Name(nameof(h.Minimum))}", h.Minimum),
        Number($"{key}.{Name(nameof(h.Maximum))}", h.Maximum),
    ];
}
