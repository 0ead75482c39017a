using System.Globalization;
using System.Text.Json;
using Memflux.Report.Plots;
using static Memflux.Report.HtmlPage;
using static Memflux.Report.ReportJson;

namespace Memflux.Report;

/// <summary>
/// Writes a <see cref="SweepReportModel"/> as report.html (the sweep section: Pareto plots of quality against energy per
/// inference and against area with the dominated points faded, the axis each plotted figure is most sensitive to, the
/// sensitivity and point tables) and report.json (the model), in the style and with the guarantees of
/// <see cref="ReportWriter"/>: self-contained, every number tagged with its JSON path.
/// </summary>
public static class SweepReportWriter
{
    /// <summary>Writes both files into <paramref name="folder"/> (checked by <see cref="ReportFolder.Prepare"/>); returns the page's path.</summary>
    public static string Write(SweepReportModel model, string folder)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ReportFolder.WriteFiles(folder, JsonSerializer.SerializeToUtf8Bytes(model, Options), Render(model));
    }

    /// <summary>The page's HTML.</summary>
    public static string Render(SweepReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var page = new HtmlPage($"Memflux sweep report: {model.Database}");
        page.Element("h1", $"Memflux sweep: {model.Database}");
        string quality = QualityLabel(model);
        page.Raw("<section id=\"header\">");
        page.Table(["", ""],
        [
            [Escape("database"), Escape(model.Database)],
            [Escape("points"), Escape(model.Points.Count.ToString(CultureInfo.InvariantCulture))],
            [Escape("axes"), Escape(string.Join(", ", model.Axes))],
            [Escape("quality"), Escape(quality)],
            [Escape("Memflux"), Escape(model.Version)],
        ]);
        page.Raw("<p>Reproduce with:</p><pre id=\"command\"><code>").Raw(Escape(model.Command)).Raw("</code></pre></section>\n");

        page.Raw("<section id=\"pareto\">").Element("h2", "Pareto fronts");
        page.Element("p", "A point is on a front when no other point has lower-or-equal cost and higher-or-equal quality, one of them strictly; dominated points are faded.", "note");
        page.Raw("<div class=\"pair\">");
        Front(page, model, "energy", "energy per inference (µJ)", p => p.EnergyPerInferenceJ * 1e6, p => p.ParetoEnergy);
        Front(page, model, "area", "area (mm²)", p => p.AreaMm2, p => p.ParetoArea);
        page.Raw("</div>");
        foreach (var (figure, label) in new[] { (model.Quality, quality), ("energy_per_inference_j", "energy per inference"), ("area_mm2", "area") })
        {
            int i = IndexOf(model.Sensitivity, figure, figure == model.Quality ? model.QualityTimeSeconds : null);
            page.Raw("<p class=\"sensitive\">").Raw(Escape(label)).Raw(": ").Raw(i < 0
                ? "the same at every point"
                : $"most sensitive to <b>{Escape(model.Sensitivity[i].Axes[0].Axis)}</b> (spread {Number($"{Name(nameof(model.Sensitivity))}[{i}].axes[0].spread", model.Sensitivity[i].Axes[0].Spread)})");
            page.Raw("</p>\n");
        }

        page.Raw("</section>\n");
        Sensitivities(page, model);
        Points(page, model, quality);
        return page.ToString();
    }

    private static string QualityLabel(SweepReportModel model) =>
        model.QualityTimeSeconds is { } t ? $"{model.Quality} at {ReportFormat.Duration(t)}" : model.Quality;

    private static void Front(HtmlPage page, SweepReportModel model, string id, string costLabel, Func<SweepReportPoint, double?> cost, Func<SweepReportPoint, bool> onFront)
    {
        var shown = model.Points.Where(p => cost(p) is not null && p.Quality is not null).Select(p => (cost(p)!.Value, p.Quality!.Value, onFront(p))).ToArray();
        if (shown.Length == 0)
        {
            page.Element("p", $"no point has both {costLabel} and {model.Quality}: no {id} front.", "note");
            return;
        }

        page.Plot($"pareto-{id}", ParetoPlot.Render($"{QualityLabel(model)} vs {costLabel}", costLabel, QualityLabel(model), shown), $"Pareto front of {model.Quality} against {costLabel}");
    }

    private static int IndexOf(IReadOnlyList<SweepSensitivity> sensitivity, string figure, double? time)
    {
        for (int i = 0; i < sensitivity.Count; i++)
        {
            if (sensitivity[i].Figure == figure && sensitivity[i].TimeSeconds == time)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Sensitivities(HtmlPage page, SweepReportModel model)
    {
        string root = Name(nameof(model.Sensitivity));
        page.Raw("<section id=\"sensitivity\">").Element("h2", "sensitivity: the axis each figure depends on most");
        page.Element("p", "Spread: the largest minus the smallest mean of the figure over the points sharing each value of the axis (its main effect).", "note");
        page.Table(["figure", "time", "most sensitive to", "spread", "next axis", "spread"], model.Sensitivity.Select((s, i) =>
        {
            var row = new List<string>
            {
                Escape(s.Figure),
                s.TimeSeconds is { } t ? Escape(ReportFormat.Duration(t)) : "-",
                Escape(s.Axes[0].Axis),
                Number($"{root}[{i}].axes[0].spread", s.Axes[0].Spread),
            };
            row.AddRange(s.Axes.Count > 1 ? [Escape(s.Axes[1].Axis), Number($"{root}[{i}].axes[1].spread", s.Axes[1].Spread)] : ["-", "-"]);
            return (IReadOnlyList<string>)row;
        }));
        page.Raw("</section>\n");
    }

    private static void Points(HtmlPage page, SweepReportModel model, string quality)
    {
        string root = Name(nameof(model.Points));
        page.Raw("<section id=\"points\">").Element("h2", "points");
        var header = new List<string> { "point" };
        header.AddRange(model.Axes);
        header.AddRange([quality, "energy / inference (J)", "area (mm²)", "Pareto (energy, area)", "wall (s)"]);
        page.Table(header, model.Points.Select((p, i) =>
        {
            var row = new List<string> { Number($"{root}[{i}].index", p.Index) };
            row.AddRange(p.Settings.Select(Escape));
            row.Add(Optional($"{root}[{i}].quality", p.Quality));
            row.Add(Optional($"{root}[{i}].energy_per_inference_j", p.EnergyPerInferenceJ));
            row.Add(Optional($"{root}[{i}].area_mm2", p.AreaMm2));
            row.Add(Escape($"{(p.ParetoEnergy ? "E" : "")}{(p.ParetoArea ? "A" : "")}"));
            row.Add(Number($"{root}[{i}].wall_seconds", p.WallSeconds));
            return (IReadOnlyList<string>)row;
        }));
        page.Raw("</section>\n");
    }

    private static string Optional(string key, double? value) => value is { } v && double.IsFinite(v) ? Number(key, v) : "-";
}
