using System.CommandLine;
using System.Globalization;
using Memflux.Chip;
using Memflux.Chip.Analog;
using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Cli.Infrastructure;
using Memflux.Cli.Reporting;
using Memflux.Experiments;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux eval (--model M | --chip C) (--dataset D | --inputs PATH [--labels FILE.npy] | --random-inputs N) [--preset P] [--times 1s,1h,1d,1y]
/// [--seeds N] [--attribute] [--json]</c>: the model on independently programmed analog chips over time, mean and 95%
/// confidence interval over chips: accuracy when there are labels, fidelity to the digital reference on the same inputs
/// always (top-1 agreement, normalized RMS error, cosine similarity, SNR).
/// </summary>
internal sealed class EvalCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<string?> _model = new("--model") { Description = $"The ONNX model to put on the chip: a file, resnet18 or a zoo name ({string.Join(", ", BundledModels.ZooNames)}). Give --model or --chip." };
    private readonly Option<string?> _chip = new("--chip") { Description = "A chip image from memflux compile: evaluates that one chip (its model, preset values and programmed devices, no re-sampling) from its stored time on; --preset, --gdc, --seed and --seeds > 1 do not apply." };
    private readonly Option<string?> _dataset = new("--dataset") { Description = $"A bundled dataset: {string.Join(" or ", ModelTraining.Datasets)} (its test split; the model takes [N,1,28,28] pixels in [0,1] and outputs [N,classes]). Give --dataset, --inputs or --random-inputs." };
    private readonly Option<string?> _inputs = new("--inputs") { Description = $"The model's inputs: {InputSources.Accepted}. Samples are split into runs of the model's batch (--batch)." };
    private readonly Option<int?> _randomInputs = new("--random-inputs") { HelpName = "N", Description = "Instead of --dataset or --inputs: N seeded random samples (seed 0), drawn as verify and bench draw them: fp inputs uniform [0, 1), integer inputs that index a constant table (token ids into an embedding) uniform over its rows, other integer inputs 0 or 1. N must be a multiple of the batch (--batch)." };
    private readonly Option<string?> _labels = new("--labels") { Description = "With --inputs: a .npy of integer class labels, one per row of the first output with a class axis (last dimension > 1); adds top-1 and top-5 accuracy." };
    private readonly Option<string> _preset = new("--preset") { Description = $"Analog preset: {string.Join(", ", AnalogPreset.All.Select(p => p.Name))}, or FILE.csv: a custom device from measured statistics (docs/devices.md) on the pcm preset's periphery.", DefaultValueFactory = _ => "pcm" };
    private readonly Option<string> _times = new("--times") { Description = "Times after programming, increasing, comma-separated (s, min, h, d, w, y).", DefaultValueFactory = _ => "1s,1h,1d,1y" };
    private readonly Option<string?> _gdc = new("--gdc") { Description = "Global drift compensation on or off (default: the preset's)." };
    private readonly Option<int> _seeds = new("--seeds") { Description = "Independently programmed chips (seeds S, S+1, …).", DefaultValueFactory = _ => 5 };
    private readonly Option<ulong> _seed = new("--seed") { Description = "First seed.", DefaultValueFactory = _ => 0 };
    private readonly Option<int> _batchSize = new("--batch-size") { Description = "With --dataset: images per inference.", DefaultValueFactory = _ => 500 };
    private readonly Option<int?> _limit = new("--limit") { Description = "With --dataset: use only the first N test images (default: all)." };
    private readonly Option<int?> _batch = new("--batch") { Description = "With --inputs: samples per run, the first dimension of every graph input, static or not (default: the model's static batch, else 1)." };
    private readonly ModelShapeOptions _shapes;
    private readonly Option<string?> _hw = new("--hw") { Description = "Size the tiles like this chip's (a hardware preset or spec file): (rows / rows_per_weight) x (cols / cols_per_weight) weights (default: the analog preset's 256x256), and report the energy per inference on it from the evaluated activations beside the full-scale worst case." };
    private readonly Option<string?> _chips = CommonOptions.Chips();
    private readonly Option<bool> _attribute = new("--attribute") { Description = "Also attribute the error at the last time: per-layer output error against the reference on the first run, and the accuracy (with labels) or the first output's normalized RMS error (without) with each non-ideality of the preset switched on alone." };
    private readonly Option<string?> _data = CommonOptions.DataDirectory();
    private readonly Option<string?> _report = ReportOutput.Option();
    private readonly Option<bool> _json = CommonOptions.Json();

    public EvalCommand(CliContext context)
        : base("eval", "A model on analog chips over time (device physics, periphery), mean and 95% confidence interval over independently programmed chips: accuracy when there are labels, and fidelity to the digital reference on the same inputs (top-1 agreement, normalized RMS error, cosine similarity, SNR).")
    {
        _context = context;
        _dataset.AcceptOnlyFromAmong(ModelTraining.Datasets);
        _gdc.AcceptOnlyFromAmong("on", "off");
        _seeds.AddSeedCount();
        _batchSize.AddAtLeastOne();
        _limit.AddAtLeastOne();
        _batch.AddAtLeastOne();
        _randomInputs.AddAtLeastOne();
        Options.Add(_model);
        Options.Add(_chip);
        Options.Add(_dataset);
        Options.Add(_inputs);
        Options.Add(_randomInputs);
        Options.Add(_labels);
        Options.Add(_preset);
        Options.Add(_times);
        Options.Add(_gdc);
        Options.Add(_seeds);
        Options.Add(_seed);
        Options.Add(_batchSize);
        Options.Add(_limit);
        Options.Add(_batch);
        _shapes = new ModelShapeOptions(this, _batch);
        Options.Add(_hw);
        Options.Add(_chips);
        Options.Add(_attribute);
        Options.Add(_data);
        Options.Add(_report);
        Options.Add(_json);
        SetAction(Run);
    }

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

        string? dataset = parse.GetValue(_dataset), inputs = parse.GetValue(_inputs);
        int? random = parse.GetValue(_randomInputs);
        int sources = (dataset is null ? 0 : 1) + (inputs is null ? 0 : 1) + (random is null ? 0 : 1);
        if (sources != 1)
        {
            throw new MemfluxException($"give exactly one of --dataset, --inputs and --random-inputs, found {(sources == 0 ? "none" : string.Join(" and ", new[] { (dataset, "--dataset"), (inputs, "--inputs"), (random?.ToString(System.Globalization.CultureInfo.InvariantCulture), "--random-inputs") }.Where(p => p.Item1 is not null).Select(p => p.Item2)))}.");
        }

        var notFor = dataset is not null ? new Option[] { _labels, _batch } : random is not null ? [_labels, _batchSize, _limit, _data] : [_batchSize, _limit, _data];
        foreach (var option in notFor.Where(o => parse.GetResult(o) is { Implicit: false }))
        {
            throw new MemfluxException($"{option.Name}: applies with {(dataset is not null ? "--inputs" : option == _labels ? "--inputs" : "--dataset")} only.");
        }

        if ((dataset is not null || chip is not null) && _shapes.AnyGiven(parse))
        {
            throw new MemfluxException($"--shape and --dim: apply with --model and --inputs only ({(chip is not null ? "a chip image stores its model's shapes" : "the bundled datasets fix the input shape")}).");
        }

        if (chip is not null && parse.GetResult(_batch) is { Implicit: false })
        {
            throw new MemfluxException("--batch: does not apply with --chip (a chip image stores its model's shapes).");
        }

        var request = new AnalogEvalRequest(
            model is null ? "" : BundledModels.ResolveModelPath(model), dataset, parse.GetValue(_data),
            parse.GetRequiredValue(_preset), AnalogEvaluation.ParseTimes(parse.GetRequiredValue(_times)), chip is null ? parse.GetValue(_seeds) : 1,
            parse.GetValue(_seed), parse.GetValue(_batchSize), parse.GetValue(_limit), parse.GetValue(_gdc) switch { "on" => true, "off" => false, _ => null }, chip, parse.GetValue(_attribute), parse.GetValue(_hw),
            inputs, parse.GetValue(_labels), _shapes.ToImportOptions(parse, PassPipeline.Default), random, parse.GetValue(_report) is not null);
        AnalogPreset.Get(request.Preset); // fail on a bad preset before loading anything
        if (CommonOptions.ParseChips(parse.GetValue(_chips)) is { } chips)
        {
            NoteChips(model, parse.GetValue(_hw), chips, _shapes.ToImportOptions(parse, PassPipeline.Default));
            request = request with { HardwareChips = chips };
        }

        string? folder = ReportOutput.Prepare(parse.GetValue(_report));
        var report = WithProgress(request);
        if (folder is not null)
        {
            string? file = chip ?? (File.Exists(request.Model) ? request.Model : null);
            ReportOutput.Write(_context, RunReport.Eval(parse, report, file, parse.GetValue(_hw)), folder);
        }

        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, EvalReportWriter.ToJson(report));
            return ExitCodes.Success;
        }

        EvalReportWriter.WriteTable(_context.OutConsole, report);
        return ExitCodes.Success;
    }

    /// <summary>
    /// --chips: how many chips of --hw the model takes (the analog results do not depend on the split, so eval only
    /// reports the count, and fails like estimate when too few are given).
    /// </summary>
    private void NoteChips(string? model, string? hw, ChipCount chips, ImportOptions import)
    {
        if (model is null || hw is null)
        {
            throw new MemfluxException("--chips: applies with --model and --hw (the chip whose count it sets).");
        }

        var graph = OnnxImporter.Load(BundledModels.ResolveModelPath(model), import);
        var system = SystemCompiler.Compile(NetworkProfileBuilder.Build(graph, 1), new ChipModel(ChipPresets.Resolve(hw)), chips);
        _context.Note(string.Create(CultureInfo.InvariantCulture, $"chips: the model takes {system.ChipCount} chip(s) of {hw} (--chips {chips}); the analog results do not depend on how it is split."));
    }

    /// <summary>Evaluates with progress over the evaluation's steps (the digital reference, then each chip at each time).</summary>
    private AnalogEvalReport WithProgress(AnalogEvalRequest request) =>
        _context.Track("evaluating", update => AnalogEvaluation.Evaluate(_context, request, p => update(
            p.Steps,
            p.TotalSteps,
            p.Chip < 0 ? "digital reference" : string.Create(CultureInfo.InvariantCulture, $"chip {p.Chip + 1}/{request.Chips} at {ChipTime.Format(request.TimesSeconds[p.Time])}"))));
}
