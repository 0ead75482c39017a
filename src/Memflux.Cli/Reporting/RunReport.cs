using System.CommandLine;
using System.Globalization;
using Memflux.Chip.Analog;
using Memflux.Cli.Analysis;
using Memflux.Cli.Commands;
using Memflux.Cost;
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

    /// <summary><c>run</c>: every section (the analog evaluation and the cost estimate of the default model).</summary>
    public static ReportModel Build(ParseResult parse, AnalogEvalReport eval, CostEstimate estimate)
    {
        var m = eval.ForReport ?? throw new InvalidOperationException("the evaluation was not asked for the report's measurements.");
        var header = ReportOutput.Header(parse, RunCommand.DefaultModel, File.Exists(eval.Model) ? eval.Model : null, RunCommand.DefaultHardware, eval.Preset, Derived(eval), Seeds(eval));
        return new ReportModel(
            header, ReportFigures.Accuracy(eval), ReportFigures.LayerErrors(m), ReportFigures.Cost(estimate), ReportFigures.Floorplan(estimate.System),
            ReportFigures.Timeline(estimate), ReportFigures.Devices(m.Tile, m.Devices), estimate.Timing.Trace is null ? [new OmittedSection(Timeline, NoTimeline)] : []);
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
