using System.CommandLine;
using System.Globalization;
using Memflux.Chip.Analog;
using Memflux.Cost;
using Memflux.Experiments;
using Memflux.Report;

namespace Memflux.Cli.Reporting;

/// <summary>The report of each verb: which sections its results fill, and why the others are left out.</summary>
internal static class RunReport
{
    /// <summary>Why there is no timeline: the simulation was not asked to record its busy intervals.</summary>
    public const string NoTimeline = "the dataflow simulation ran without recording busy intervals.";

    private const string Accuracy = "accuracy over time";
    private const string LayerErrors = "per-layer error attribution";
    private const string Cost = "energy and area by component";
    private const string Floorplan = "chip floorplan";
    private const string Timeline = "pipeline timeline";
    private const string Devices = "devices of one tile";

    /// <summary>
    /// <c>run</c>: every section the experiment measured (the bundled demo measures all: the analog evaluation and the
    /// cost estimate); the experiment file's text is embedded in the header (none for the demo).
    /// </summary>
    public static ReportModel Build(ParseResult parse, ExperimentResult result)
    {
        var (e, eval, estimate) = (result.Experiment, result.Accuracy, result.Estimate);
        var m = eval is null ? null : eval.ForReport ?? throw new InvalidOperationException("the evaluation was not asked for the report's measurements.");
        string hardware = File.Exists(e.Hardware) ? Path.GetFileName(e.Hardware) : e.Hardware;
        var header = ReportOutput.Header(parse, e.ModelName, File.Exists(e.Model) ? e.Model : null, hardware, eval?.Preset ?? e.Device.PresetName, eval is null ? [] : Derived(eval), eval is null ? [] : Seeds(eval)) with
        {
            Experiment = result.Record.SourceText is { } text ? new EmbeddedFile(Path.GetFileName(result.Record.SourcePath ?? "experiment.json"), text) : null,
        };
        const string noEval = "the experiment's metrics did not ask for accuracy over time.";
        const string noCost = "the experiment's metrics did not ask for the cost estimate.";
        var omitted = new List<OmittedSection>();
        if (m is null)
        {
            omitted.AddRange([new OmittedSection(Accuracy, noEval), new OmittedSection(LayerErrors, noEval), new OmittedSection(Devices, noEval)]);
        }

        if (estimate is null)
        {
            omitted.AddRange([new OmittedSection(Cost, noCost), new OmittedSection(Floorplan, noCost), new OmittedSection(Timeline, noCost)]);
        }
        else if (estimate.Timing.Trace is null)
        {
            omitted.Add(new OmittedSection(Timeline, NoTimeline));
        }

        return new ReportModel(
            header, eval is null ? null : ReportFigures.Accuracy(eval), m is null ? null : ReportFigures.LayerErrors(m),
            estimate is null ? null : ReportFigures.Cost(estimate), estimate is null ? null : ReportFigures.Floorplan(estimate.System),
            estimate is null ? null : ReportFigures.Timeline(estimate), m is null ? null : ReportFigures.Devices(m.Tile, m.Devices), omitted);
    }

    /// <summary><c>eval</c>: accuracy, layer errors and devices; no cost model runs.</summary>
    public static ReportModel Eval(ParseResult parse, AnalogEvalReport eval, string? modelFile, string? hardware)
    {
        var m = eval.ForReport ?? throw new InvalidOperationException("the evaluation was not asked for the report's measurements.");
        var header = ReportOutput.Header(parse, Path.GetFileName(eval.Model), modelFile, hardware, eval.Preset, Derived(eval), Seeds(eval));
        const string why = "eval runs no cost model; 'memflux estimate' (or run) reports it.";
        return new ReportModel(
            header, ReportFigures.Accuracy(eval), ReportFigures.LayerErrors(m), null, null, null, ReportFigures.Devices(m.Tile, m.Devices),
            [new OmittedSection(Cost, why), new OmittedSection(Floorplan, why), new OmittedSection(Timeline, why)]);
    }

    /// <summary><c>estimate</c>: cost and floorplan; no devices are programmed and nothing runs on them.</summary>
    public static ReportModel Estimate(ParseResult parse, CostEstimate estimate, string model, string? modelFile, string hardware)
    {
        var header = ReportOutput.Header(parse, model, modelFile, hardware, null, [], []);
        const string why = "estimate programs no devices and runs no inference; 'memflux eval' (or run) measures it.";
        return new ReportModel(
            header, null, null, ReportFigures.Cost(estimate), ReportFigures.Floorplan(estimate.System), ReportFigures.Timeline(estimate), null,
            [new OmittedSection(Accuracy, why), new OmittedSection(LayerErrors, why), .. estimate.Timing.Trace is null ? [new OmittedSection(Timeline, NoTimeline)] : Array.Empty<OmittedSection>(), new OmittedSection(Devices, why)]);
    }

    /// <summary><c>compile</c>: the programmed devices and where the layers sit; nothing runs and no cost model is applied.</summary>
    public static ReportModel Compile(ParseResult parse, AnalogChip chip, Chip.Compiler.SystemMapping system, string model, string modelFile, string hardware)
    {
        var layer = chip.Layers.OrderByDescending(l => l.WeightCount).First();
        var devices = Tiles.ProgrammingError.OfTile(layer.Matrices[0], layer.WeightMatrix(0).Span, 0);
        string tile = $"tile 0 of layer {layer.Description} (the largest), {layer.Matrices[0].Tiles[0].Rows}×{layer.Matrices[0].Tiles[0].Columns} weights, chip seed {chip.Seed}";
        var header = ReportOutput.Header(parse, model, modelFile, hardware, chip.Preset.Name, [], [chip.Seed]);
        const string run = "compile runs no inference; 'memflux eval --chip' measures the compiled chip.";
        const string cost = "compile applies no cost model; 'memflux estimate --chip' reports it.";
        return new ReportModel(
            header, null, null, null, ReportFigures.Floorplan(system), null, ReportFigures.Devices(tile, devices),
            [new OmittedSection(Accuracy, run), new OmittedSection(LayerErrors, run), new OmittedSection(Cost, cost), new OmittedSection(Timeline, cost)]);
    }

    private static ulong[] Seeds(AnalogEvalReport eval) => [.. Enumerable.Range(0, eval.Chips).Select(c => eval.Seed + (ulong)c)];

    /// <summary>Preset values the run set (tile size from the hardware, drift compensation).</summary>
    private static List<ReportSetting> Derived(AnalogEvalReport eval)
    {
        var settings = new List<ReportSetting> { new("tiles", string.Create(CultureInfo.InvariantCulture, $"{eval.TileRows}x{eval.TileColumns}")) };
        var preset = AnalogPreset.All.FirstOrDefault(p => p.Name == eval.Preset);
        if (preset is not null && !string.Equals(preset.Tiles.DriftCompensation.ToString(), eval.DriftCompensation, StringComparison.OrdinalIgnoreCase))
        {
            settings.Add(new ReportSetting("drift compensation", eval.DriftCompensation));
        }

        return settings;
    }
}
