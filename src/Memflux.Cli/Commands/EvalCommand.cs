using System.CommandLine;
using System.Globalization;
using Memflux.Chip;
using Memflux.Chip.Analog;
using Memflux.Cli.Analysis;
using Memflux.Cli.Infrastructure;
using Memflux.Numerics;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux eval (--model M | --chip C) --dataset D [--preset P] [--times 1s,1h,1d,1y] [--seeds N] [--json]</c>: accuracy over time
/// of the model on independently programmed analog chips, with a 95% confidence interval, beside the ONNX Runtime
/// reference accuracy.
/// </summary>
internal sealed class EvalCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<string?> _model = new("--model") { Description = $"The ONNX model to put on the chip: a file or a zoo name ({string.Join(", ", BundledModels.ZooNames)}); input [N,1,28,28] pixels in [0,1], output [N,classes]. Give --model or --chip." };
    private readonly Option<string?> _chip = new("--chip") { Description = "A chip image from memflux compile: evaluates that one chip (its model, preset values and programmed devices, no re-sampling) from its stored time on; --preset, --gdc, --seed and --seeds > 1 do not apply." };
    private readonly Option<string> _dataset = new("--dataset") { Description = $"Dataset: {string.Join(" or ", ModelTraining.Datasets)} (its test split).", Required = true };
    private readonly Option<string> _preset = new("--preset") { Description = $"Analog preset: {string.Join(", ", AnalogPreset.All.Select(p => p.Name))}.", DefaultValueFactory = _ => "pcm" };
    private readonly Option<string> _times = new("--times") { Description = "Times after programming, increasing, comma-separated (s, min, h, d, w, y).", DefaultValueFactory = _ => "1s,1h,1d,1y" };
    private readonly Option<string?> _gdc = new("--gdc") { Description = "Global drift compensation on or off (default: the preset's)." };
    private readonly Option<int> _seeds = new("--seeds") { Description = "Independently programmed chips (seeds S, S+1, …).", DefaultValueFactory = _ => 5 };
    private readonly Option<ulong> _seed = new("--seed") { Description = "First seed.", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _batchSize = new("--batch-size") { Description = "Images per inference.", DefaultValueFactory = _ => 500 };
    private readonly Option<int?> _limit = new("--limit") { Description = "Use only the first N test images (default: all)." };
    private readonly Option<string?> _hw = new("--hw") { Description = "Size the tiles like this chip's (a hardware preset or spec file): (rows / rows_per_weight) x (cols / cols_per_weight) weights (default: the analog preset's 256x256)." };
    private readonly Option<bool> _attribute = new("--attribute") { Description = "Also attribute the error at the last time: per-layer output error against the reference, and the accuracy with each non-ideality of the preset switched on alone." };
    private readonly Option<string?> _data = CommonOptions.DataDirectory();
    private readonly Option<bool> _json = CommonOptions.Json();

    public EvalCommand(CliContext context)
        : base("eval", "Accuracy over time of a model on analog chips (device physics, periphery), mean and 95% confidence interval over independently programmed chips, beside the ONNX Runtime reference.")
    {
        _context = context;
        _dataset.AcceptOnlyFromAmong(ModelTraining.Datasets);
        _gdc.AcceptOnlyFromAmong("on", "off");
        AddPositive(_seeds, "--seeds");
        AddPositive(_batchSize, "--batch-size");
        _limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--limit must be at least 1.");
            }
        });
        Options.Add(_model);
        Options.Add(_chip);
        Options.Add(_dataset);
        Options.Add(_preset);
        Options.Add(_times);
        Options.Add(_gdc);
        Options.Add(_seeds);
        Options.Add(_seed);
        Options.Add(_batchSize);
        Options.Add(_limit);
        Options.Add(_hw);
        Options.Add(_attribute);
        Options.Add(_data);
        Options.Add(_json);
        SetAction(Run);
    }

    /// <summary>The JSON shape of the report.</summary>
    public static object ToJson(AnalogEvalReport r) => new
    {
        model = r.Model,
        dataset = r.Dataset,
        samples = r.Samples,
        preset = r.Preset,
        drift_compensation = r.DriftCompensation,
        tile_rows = r.TileRows,
        tile_columns = r.TileColumns,
        chips = r.Chips,
        seed = r.Seed,
        analog_layers = r.AnalogLayers,
        analog_weights = r.AnalogWeights,
        digital_nodes = r.DigitalNodes,
        reference_accuracy = r.ReferenceAccuracy,
        results = r.Results.Select(t => new
        {
            time_s = t.TimeSeconds,
            accuracy_mean = t.AccuracyMean,
            accuracy_ci95 = double.IsNaN(t.AccuracyCi95) ? (double?)null : t.AccuracyCi95,
            accuracy_per_chip = t.PerChip,
        }),
        attribution = r.Attribution is not { } a ? null : new
        {
            time_s = a.TimeSeconds,
            layer_error_images = a.LayerErrorImages,
            layers = a.Layers.Select(l => new { layer = l.Layer, op_type = l.OpType, propagated_relative_rms = l.PropagatedRelativeRms, isolated_relative_rms = l.IsolatedRelativeRms }),
            non_idealities = a.NonIdealities.Select(c => new { name = c.Name, in_preset = c.InPreset, accuracy_mean = c.AccuracyMean, accuracy_ci95 = c.AccuracyCi95, accuracy_cost = c.AccuracyCost }),
        },
        seconds = r.Seconds,
    };

    private static void AddPositive(Option<int> option, string name) => option.Validators.Add(r =>
    {
        if (r.GetValueOrDefault<int>() < 1)
        {
            r.AddError($"{name} must be at least 1.");
        }
    });

    private int Run(ParseResult parse)
    {
        string? model = parse.GetValue(_model), chip = parse.GetValue(_chip);
        if ((model is null) == (chip is null))
        {
            throw new MemfluxException($"give exactly one of --model and --chip, found {(model is null ? "neither" : "both")}.");
        }

        if (chip is not null)
        {
            foreach (var option in new Option[] { _preset, _gdc, _seed, _seeds, _hw })
            {
                if (parse.GetResult(option) is { Implicit: false } && (option != _seeds || parse.GetValue(_seeds) != 1))
                {
                    throw new MemfluxException($"{option.Name}: does not apply with --chip (the image holds one programmed chip, its preset values and seed).");
                }
            }
        }

        var request = new AnalogEvalRequest(
            model is null ? "" : BundledModels.ResolveModelPath(model), parse.GetRequiredValue(_dataset), parse.GetValue(_data),
            parse.GetRequiredValue(_preset), AnalogEvaluation.ParseTimes(parse.GetRequiredValue(_times)), chip is null ? parse.GetValue(_seeds) : 1,
            parse.GetValue(_seed), parse.GetValue(_batchSize), parse.GetValue(_limit), parse.GetValue(_gdc) switch { "on" => true, "off" => false, _ => null }, chip, parse.GetValue(_attribute), parse.GetValue(_hw));
        AnalogPreset.Get(request.Preset); // fail on a bad preset before loading anything
        var report = _context.ErrIsTerminal ? WithProgressBar(request) : AnalogEvaluation.Evaluate(_context, request, null);
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, ToJson(report));
            return ExitCodes.Success;
        }

        WriteTable(_context.OutConsole, report);
        return ExitCodes.Success;
    }

    private AnalogEvalReport WithProgressBar(AnalogEvalRequest request)
    {
        AnalogEvalReport? report = null;
        _context.ErrorConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? task = null;
                report = AnalogEvaluation.Evaluate(_context, request, p =>
                {
                    task ??= ctx.AddTask("evaluating", maxValue: p.TotalSteps);
                    task.Value = p.Steps;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"chip {p.Chip + 1}/{request.Chips} at {ChipTime.Format(request.TimesSeconds[p.Time])}"));
                });
            });
        return report!;
    }

    /// <summary>Writes the report as text.</summary>
    public static void WriteTable(IAnsiConsole console, AnalogEvalReport r)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Model} on {r.Dataset} ({r.Samples} test images), preset {r.Preset} ({r.TileRows}x{r.TileColumns} tiles, drift compensation {r.DriftCompensation}), {r.Chips} chip(s) from seed {r.Seed}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"analog: {r.AnalogLayers} layers, {Format.Count(r.AnalogWeights)} weights; digital: {r.DigitalNodes} nodes"));
        var table = new Table().AddColumn("time").AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("± 95% CI").RightAligned()).AddColumn(new TableColumn("vs reference").RightAligned());
        table.AddRow("reference (ONNX Runtime)", Format.Percent(r.ReferenceAccuracy), "", "");
        foreach (var t in r.Results)
        {
            string ci = double.IsNaN(t.AccuracyCi95) ? "n/a (1 chip)" : Format.Fixed(t.AccuracyCi95 * 100, 2) + " pt";
            table.AddRow(ChipTime.Format(t.TimeSeconds), Format.Percent(t.AccuracyMean), ci, Format.Fixed((t.AccuracyMean - r.ReferenceAccuracy) * 100, 2) + " pt");
        }

        console.Write(table);
        if (r.Attribution is { } a)
        {
            WriteAttribution(console, a, r.ReferenceAccuracy);
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time: {r.Seconds:F1} s"));
    }

    private static void WriteAttribution(IAnsiConsole console, AttributionReport a, double reference)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error attribution at {ChipTime.Format(a.TimeSeconds)}: per-layer output error (relative RMS vs reference, first {a.LayerErrorImages} images)"));
        var layers = new Table().AddColumn("layer").AddColumn("op").AddColumn(new TableColumn("propagated").RightAligned()).AddColumn(new TableColumn("this layer alone").RightAligned());
        foreach (var l in a.Layers)
        {
            layers.AddRow(Markup.Escape(l.Layer), l.OpType, Format.Fixed(l.PropagatedRelativeRms * 100, 2) + "%", Format.Fixed(l.IsolatedRelativeRms * 100, 2) + "%");
        }

        console.Write(layers);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy with one non-ideality alone (reference {Format.Percent(reference)})"));
        var costs = new Table().AddColumn("non-ideality").AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("± 95% CI").RightAligned()).AddColumn(new TableColumn("cost").RightAligned());
        foreach (var c in a.NonIdealities)
        {
            costs.AddRow(
                c.Name,
                c.AccuracyMean is double m ? Format.Percent(m) : "not in preset",
                c.AccuracyCi95 is double ci ? Format.Fixed(ci * 100, 2) + " pt" : "",
                c.AccuracyCost is double cost ? Format.Fixed(cost * 100, 2) + " pt" : "");
        }

        console.Write(costs);
    }
}
