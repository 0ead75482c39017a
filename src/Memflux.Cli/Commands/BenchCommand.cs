using System.CommandLine;
using System.Globalization;
using Memflux.Cli.Infrastructure;
using Memflux.Experiments;
using Memflux.Graph.Passes;
using Memflux.Onnx;
using Memflux.Sweeps;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux bench [--json] [--quick] [--analog] [--ort-spinning]</c>: Memflux against ONNX Runtime (CPU, default options but no spinning) in one process:
/// a square GEMM and ResNet18 inference, interleaved samples after a warm-up. <c>memflux bench --import MODEL</c>: the
/// import of MODEL against ONNX Runtime's session creation, seconds and peak memory (<see cref="ImportBenchmark"/>).
/// <c>memflux bench --model MODEL [--inputs PATH]</c>: MODEL's inference, as the ResNet18 cases.
/// </summary>
internal sealed class BenchCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<bool> _quick = new("--quick") { Description = "Only GEMM 256^3 and ResNet18 batch 1, three runs each." };
    private readonly Option<bool> _analog = new("--analog") { Description = $"Time the analog executor (--preset, chip read at one day) against ONNX Runtime on the ideal model: fashion-cnn over the Fashion-MNIST test set, ResNet18 at batch 8, and the BERT-base-shaped encoder (sequence 128, {AnalogBenchmarks.BertLayers} of its 12 layers, the 768x30522 MLM head; built in memory)." };
    private readonly Option<string> _preset = new("--preset") { Description = "Analog preset for --analog (a preset name, or FILE.csv: a custom device on the pcm preset's periphery).", DefaultValueFactory = _ => "pcm" };
    private readonly Option<string?> _import = new("--import") { HelpName = "MODEL", Description = "Instead: time importing MODEL (parse, shape inference, default passes) against creating an ONNX Runtime session on it, with each side's peak memory; 5 runs each (2 with --quick) after a warm-up. --shape and --dim fix its symbolic dimensions." };
    private readonly Option<string?> _model = new("--model") { HelpName = "MODEL", Description = "Instead: time MODEL (an ONNX file, resnet18 or a zoo name) in the reference executor against ONNX Runtime, interleaved, on seeded random inputs or the first run of --inputs; --batch, --shape and --dim fix its dimensions." };
    private readonly Option<int?> _batch = new("--batch") { Description = "With --model: the first dimension of every graph input (default: the model's static batch, else 1)." };
    private readonly ModelShapeOptions _shapes;
    private readonly InputSourceCliOptions _inputs;
    private readonly Option<bool> _sweep = new("--sweep") { Description = $"Instead: time an estimate-only sweep of fashion-cnn as 'memflux sweep' runs it: {SweepBenchmark.TileSizes.Count * SweepBenchmark.TileSizes.Count * SweepBenchmark.AdcBits.Count} hermes variants (tile rows x columns x ADC bits) x 1..16 chips (1..4 with --quick), every point a distinct configuration; then the same with 4 read times per configuration; points per second per stage, 1 thread and every core." };
    private readonly Option<bool> _ortSpinning = new("--ort-spinning") { Description = "Let ONNX Runtime's idle workers spin-wait (its default). Off by default, because spinning workers keep the cores busy after each run and slow whatever the process runs next." };

    public BenchCommand(CliContext context)
        : base("bench", "Time Memflux against ONNX Runtime: GEMM at 256^3, 1024^3, 2048^3 (GFLOP/s) and ResNet18 at batch 1 and 8 (interleaved samples after warm-up; the ratio is the median of per-pair ratios).")
    {
        _context = context;
        Options.Add(_quick);
        Options.Add(_analog);
        Options.Add(_preset);
        Options.Add(_ortSpinning);
        Options.Add(_import);
        Options.Add(_model);
        Options.Add(_sweep);
        _batch.AddAtLeastOne();
        Options.Add(_batch);
        _shapes = new ModelShapeOptions(this, _batch);
        _inputs = new InputSourceCliOptions(this);
        Options.Add(_json);
        SetAction(Run);
    }

    /// <summary>Runs the import benchmark on <paramref name="model"/> and writes its report.</summary>
    internal static int ExecuteImport(CliContext context, string model, ImportOptions options, int runs, bool ortSpinning, bool json)
    {
        var r = ImportBenchmark.Run(context, model, options, runs, ortSpinning);
        double? PerWeight(long peak) => r.MemoryMeasured && r.WeightBytes > 0 ? (double)peak / r.WeightBytes : null;
        if (json)
        {
            JsonOutput.Write(context.Out, new
            {
                model = r.Model,
                processor_count = Environment.ProcessorCount,
                weight_bytes = r.WeightBytes,
                runs = r.Runs,
                memory_measured = r.MemoryMeasured,
                ratio_vs_onnxruntime = r.TimeRatio,
                sides = new[] { ("memflux import", r.Memflux), ("onnxruntime session", r.OnnxRuntime) }.Select(s => new
                {
                    name = s.Item1,
                    median_s = s.Item2.MedianS,
                    min_s = s.Item2.MinS,
                    max_s = s.Item2.MaxS,
                    peak_bytes = r.MemoryMeasured ? s.Item2.PeakBytes : (long?)null,
                    peak_over_weights = PerWeight(s.Item2.PeakBytes),
                }),
            });
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("case");
        table.AddColumn(new TableColumn("median s").RightAligned());
        table.AddColumn(new TableColumn("min s").RightAligned());
        table.AddColumn(new TableColumn("max s").RightAligned());
        table.AddColumn(new TableColumn("peak MB").RightAligned());
        table.AddColumn(new TableColumn("peak/weights").RightAligned());
        foreach (var (name, side) in new[] { ("memflux import (parse, shapes, default passes)", r.Memflux), ("onnxruntime session creation", r.OnnxRuntime) })
        {
            table.AddRow(
                Markup.Escape(name),
                Format.Seconds(side.MedianS),
                Format.Seconds(side.MinS),
                Format.Seconds(side.MaxS),
                r.MemoryMeasured ? Format.Fixed(side.PeakBytes / 1e6, 0) : "n/a",
                PerWeight(side.PeakBytes) is { } p ? Format.Fixed(p, 2) : "n/a");
        }

        context.OutConsole.Write(table);
        context.OutConsole.WriteLine($"{r.Model}: {r.WeightBytes / 1e6:F1} MB of weights; memflux/ort time {Format.Fixed(r.TimeRatio, 2)} (median of per-pair ratios over {r.Runs} alternating pairs after a warm-up); {Environment.ProcessorCount} logical processors.");
        context.OutConsole.WriteLine(r.MemoryMeasured
            ? "Peak MB: the run's peak resident set above the resident set it started from (garbage collected before each run; managed, native and mapped-file memory), median over runs."
            : "Peak memory is measured on Linux only (/proc/self/clear_refs).");
        return ExitCodes.Success;
    }

    /// <summary>Runs <paramref name="plan"/> and writes the results; tests call this with a tiny plan.</summary>
    internal static int Execute(CliContext context, BenchPlan plan, bool json, string? analogPreset = null)
    {
        var results = analogPreset is null ? Benchmarks.Run(context, plan) : AnalogBenchmarks.Run(context, analogPreset, plan);
        return Write(context, plan, json, results);
    }

    private static int Write(CliContext context, BenchPlan plan, bool json, IReadOnlyList<BenchResult> results)
    {
        if (json)
        {
            JsonOutput.Write(context.Out, new
            {
                processor_count = Environment.ProcessorCount,
                ort_session_options = plan.OrtSpinning ? "default" : "default, session.intra_op.allow_spinning=0",
                runs = plan.Runs,
                results = results.Select(r => new
                {
                    name = r.Name,
                    memflux_s = r.MemfluxS,
                    onnxruntime_s = r.OrtS,
                    ratio_vs_onnxruntime = r.Ratio,
                    memflux_gflops = r.MemfluxGflops,
                    onnxruntime_gflops = r.OrtGflops,
                }),
            });
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("case");
        table.AddColumn(new TableColumn("memflux s").RightAligned());
        table.AddColumn(new TableColumn("ort s").RightAligned());
        table.AddColumn(new TableColumn("memflux/ort").RightAligned());
        table.AddColumn(new TableColumn("memflux GFLOP/s").RightAligned());
        table.AddColumn(new TableColumn("ort GFLOP/s").RightAligned());
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Name),
                Format.Seconds(r.MemfluxS),
                Format.Seconds(r.OrtS),
                Format.Fixed(r.Ratio, 2),
                Format.Fixed(r.MemfluxGflops, 2),
                Format.Fixed(r.OrtGflops, 2));
        }

        context.OutConsole.Write(table);
        context.OutConsole.WriteLine($"Medians of up to {plan.Runs} interleaved Memflux/ONNX Runtime sample pairs (memflux/ort: median of the per-pair ratios) after a warm-up of at least {Timing.WarmupSeconds} s (short cases repeated to {Timing.MinSampleSeconds} s per sample); {Environment.ProcessorCount} logical processors; ONNX Runtime with default session options{(plan.OrtSpinning ? "" : " except session.intra_op.allow_spinning=0 (idle workers block instead of spinning)")}.");
        return ExitCodes.Success;
    }

    /// <summary>Runs the sweep benchmark over 1..<paramref name="chips"/> chips and writes its stages.</summary>
    internal static int ExecuteSweep(CliContext context, int chips, bool json)
    {
        var r = SweepBenchmark.Run(context, chips);
        if (json)
        {
            JsonOutput.Write(context.Out, new
            {
                processor_count = Environment.ProcessorCount,
                points = r.Points,
                stages = r.Stages.Select(s => new { name = s.Name, points = s.Points, seconds = s.Seconds, cpu_seconds = s.CpuSeconds, points_per_second = s.PointsPerSecond, points_per_cpu_second = s.PointsPerCpuSecond }),
            });
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("stage");
        table.AddColumn(new TableColumn("points").RightAligned());
        table.AddColumn(new TableColumn("s").RightAligned());
        table.AddColumn(new TableColumn("points/s").RightAligned());
        table.AddColumn(new TableColumn("CPU s").RightAligned());
        table.AddColumn(new TableColumn("points/CPU s").RightAligned());
        foreach (var s in r.Stages)
        {
            table.AddRow(Markup.Escape(s.Name), s.Points.ToString(CultureInfo.InvariantCulture), Format.Seconds(s.Seconds), Format.Fixed(s.PointsPerSecond, 0),
                Format.Seconds(s.CpuSeconds), Format.Fixed(s.PointsPerCpuSecond, 0));
        }

        context.OutConsole.Write(table);
        context.OutConsole.WriteLine($"Estimate-only sweep of fashion-cnn, one run of each stage in this process; CPU s: the process's processor time over all threads; {Environment.ProcessorCount} logical processors.");
        return ExitCodes.Success;
    }

    private int Run(ParseResult parse)
    {
        if (parse.GetValue(_sweep))
        {
            return ExecuteSweep(_context, parse.GetValue(_quick) ? 4 : 16, parse.GetValue(_json));
        }

        if (parse.GetValue(_import) is { } model)
        {
            return ExecuteImport(_context, model, _shapes.ToImportOptions(parse, PassPipeline.Default), parse.GetValue(_quick) ? 2 : 5, parse.GetValue(_ortSpinning), parse.GetValue(_json));
        }

        var plan = (parse.GetValue(_quick) ? BenchPlan.Quick : BenchPlan.Full) with { OrtSpinning = parse.GetValue(_ortSpinning) };
        if (parse.GetValue(_model) is { } modelArgument)
        {
            string path = BundledModels.ResolveModelPath(modelArgument);
            string? inputs = _inputs.Path(parse);
            var options = _inputs.ToOptions(parse);
            Func<Graph.ComputeGraph, Data.SampleSet>? samples = inputs is null ? null : graph => InputSources.Load(inputs, graph, options);
            var result = Benchmarks.Model(_context, path, _shapes.ToImportOptions(parse, PassPipeline.Default), samples, plan);
            return Write(_context, plan, parse.GetValue(_json), [result]);
        }

        return Execute(_context, plan, parse.GetValue(_json), parse.GetValue(_analog) ? parse.GetRequiredValue(_preset) : null);
    }
}
