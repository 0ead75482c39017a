using System.CommandLine;
using Memflux.Cli.Infrastructure;
using Memflux.Cli.Reporting;
using Memflux.Numerics;
using Memflux.Report;
using Memflux.Sweeps;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux sweep report DB [--json]</c>: every finished point with its settings and headline figures, the Pareto
/// fronts of accuracy at the last time against energy per inference and against area, and the axis each figure is most
/// sensitive to.
/// </summary>
internal sealed class SweepReportCommand : Command
{
    private readonly CliContext _context;
    private readonly Argument<string> _database = new("DB") { Description = "A sweep's results database." };
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<string?> _report = new("--report") { HelpName = "DIR", Description = "Write report.html (the Pareto plots, sensitivity and point tables; self-contained, opens offline) and report.json (every figure in it) to this folder (default: the database's name with -report, beside it); it is created when its parent exists." };

    public SweepReportCommand(CliContext context)
        : base("report", "Summarise a sweep database: points, Pareto fronts (accuracy at the last time vs energy and vs area), and the axis each figure is most sensitive to.")
    {
        _context = context;
        Arguments.Add(_database);
        Options.Add(_json);
        Options.Add(_report);
        SetAction(Run);
    }

    /// <summary>The quality a point is judged by: accuracy at its last time, else top-1 agreement with the reference.</summary>
    internal static (string Name, double? Time, Func<StoredPoint, double?> Value) Quality(IReadOnlyList<StoredPoint> points)
    {
        foreach (string name in new[] { "accuracy", "top1_agreement" })
        {
            double? last = points.SelectMany(p => p.Figures).Where(f => f.Name == name).Select(f => f.TimeSeconds).Max();
            if (last is not null)
            {
                return (name, last, p => p.Figure(name, last)?.Value);
            }
        }

        return ("none", null, _ => null);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private int Run(ParseResult parse)
    {
        string path = parse.GetValue(_database)!;
        string folder = ReportFolder.Prepare(parse.GetValue(_report) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, Path.GetFileNameWithoutExtension(path) + "-report"));
        using var store = ResultsStore.Open(path, readOnly: true);
        var points = store.Points();
        if (points.Count == 0)
        {
            throw new MemfluxException($"{path}: the database holds no finished point.");
        }

        var (qualityName, qualityTime, quality) = Quality(points);
        double Q(StoredPoint p) => quality(p) ?? double.NaN;
        double Energy(StoredPoint p) => p.Figure("energy_per_inference_j")?.Value ?? double.NaN;
        double Area(StoredPoint p) => p.Figure("area_mm2")?.Value ?? double.NaN;
        var byEnergy = ParetoFront.Mark([.. points.Select(Energy)], [.. points.Select(Q)]);
        var byArea = ParetoFront.Mark([.. points.Select(Area)], [.. points.Select(Q)]);
        var figureNames = points.SelectMany(p => p.Figures).Select(f => (f.Name, f.TimeSeconds)).Distinct().ToArray();
        var sensitivity = figureNames.Select(f => (Figure: f, Axes: Sensitivity.Of(points, p => p.Figure(f.Name, f.TimeSeconds)?.Value)))
            .Where(s => s.Axes.Count > 0 && s.Axes[0].Spread > 0).ToArray();
        var axes = points.SelectMany(p => p.Settings.Select(s => s.Key)).Distinct(StringComparer.Ordinal).ToArray();
        var model = new SweepReportModel(
            path,
            qualityName,
            qualityTime,
            axes,
            [.. points.Select((p, i) => new SweepReportPoint(
                p.Index,
                p.Id,
                [.. axes.Select(a => p.Settings.TryGetPropertyValue(a, out var v) ? UntrustedText.Clean(v?.ToJsonString() ?? "null") : "-")],
                Finite(Q(p)),
                Finite(Energy(p)),
                Finite(Area(p)),
                byEnergy[i],
                byArea[i],
                p.WallSeconds))],
            [.. sensitivity.Select(s => new SweepSensitivity(s.Figure.Name, s.Figure.TimeSeconds, [.. s.Axes.Select(a => new SweepAxisSpread(a.Axis, a.Spread))]))],
            ReportOutput.Version().Version,
            "memflux " + string.Join(" ", parse.Tokens.Select(t => t.Value)));
        string page = _context.Step("Writing the report", _ => SweepReportWriter.Write(model, folder));
        _context.Note($"report: {page}");
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, new
            {
                database = path,
                quality = new { name = qualityName, time_s = qualityTime },
                points = points.Select((p, i) => new
                {
                    index = p.Index,
                    id = p.Id,
                    settings = p.Settings,
                    quality = quality(p),
                    energy_per_inference_j = p.Figure("energy_per_inference_j")?.Value,
                    area_mm2 = p.Figure("area_mm2")?.Value,
                    pareto_energy = byEnergy[i],
                    pareto_area = byArea[i],
                    wall_s = p.WallSeconds,
                    figures = p.Figures.Select(f => new { name = f.Name, time_s = f.TimeSeconds, value = f.Value, ci_low = f.CiLow, ci_high = f.CiHigh }),
                }),
                sensitivity = sensitivity.Select(s => new
                {
                    figure = s.Figure.Name,
                    time_s = s.Figure.TimeSeconds,
                    axis = s.Axes[0].Axis,
                    spread = s.Axes[0].Spread,
                    axes = s.Axes.Select(a => new { axis = a.Axis, spread = a.Spread }),
                }),
            });
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("point");
        foreach (string axis in axes)
        {
            table.AddColumn(Markup.Escape(axis));
        }

        table.AddColumn(Markup.Escape(qualityTime is { } t ? $"{qualityName} at {Format.Seconds(t)} s" : qualityName));
        table.AddColumn("energy / inference");
        table.AddColumn("area");
        table.AddColumn("Pareto (energy, area)");
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var cells = new List<string> { p.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            cells.AddRange(axes.Select(a => Markup.Escape(UntrustedText.Clean(p.Settings[a]?.ToJsonString() ?? "-"))));
            cells.Add(double.IsNaN(Q(p)) ? "-" : Format.Fixed(Q(p), 4));
            cells.Add(double.IsNaN(Energy(p)) ? "-" : Format.Sci(Energy(p)) + " J");
            cells.Add(double.IsNaN(Area(p)) ? "-" : Format.Fixed(Area(p), 2) + " mm²");
            cells.Add($"{(byEnergy[i] ? "E" : "")}{(byArea[i] ? "A" : "")}");
            table.AddRow([.. cells]);
        }

        _context.OutConsole.Write(table);
        foreach (var (figure, ranked) in sensitivity)
        {
            string at = figure.TimeSeconds is { } time ? $" at {Format.Seconds(time)} s" : "";
            _context.Out.WriteLine($"{figure.Name}{at}: most sensitive to {UntrustedText.Clean(ranked[0].Axis)} (spread {Format.Sci(ranked[0].Spread)})");
        }

        return ExitCodes.Success;
    }
}
