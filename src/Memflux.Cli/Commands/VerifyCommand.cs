using System.CommandLine;
using Memflux.Cli.Infrastructure;
using Memflux.Experiments;
using Memflux.Graph.Passes;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux verify MODEL [--batch N] [--shape NAME=DxD] [--dim NAME=N] [--seed S] [--inputs PATH [--labels FILE]] [--tolerance T] [--json]</c>:
/// Memflux's reference executor against ONNX Runtime on the same seeded inputs, or on the inputs a user brings (and
/// against the expected outputs they hold); exit code 1 when a relative error exceeds the tolerance.
/// </summary>
internal sealed class VerifyCommand : Command
{
    /// <summary>Default tolerance on the max relative error.</summary>
    public const double DefaultTolerance = 1e-4;

    private readonly CliContext _context;
    private readonly (Argument<string?> Argument, Option<string?> Option) _model = CommonOptions.ModelArgumentOrOption();
    private readonly Option<bool> _json = CommonOptions.Json();

    private readonly Option<int?> _batch = new("--batch")
    {
        Description = "Batch size: the first dimension of every graph input, static or not (default: the model's static batch, else 1).",
    };

    private readonly ModelShapeOptions _shapes;
    private readonly InputSourceCliOptions _inputs;

    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the random inputs (uniform in [0, 1)).", DefaultValueFactory = _ => 0 };

    private readonly Option<double> _tolerance = new("--tolerance")
    {
        Description = "Largest accepted relative error: max |memflux - ort| / max |ort|.",
        DefaultValueFactory = _ => DefaultTolerance,
    };

    public VerifyCommand(CliContext context)
        : base("verify", "Run a model in Memflux's reference executor and in ONNX Runtime (CPU, default options) on the same inputs (seeded random, or --inputs) and compare; with expected outputs in --inputs, compare Memflux with them too.")
    {
        _context = context;
        Arguments.Add(_model.Argument);
        Options.Add(_model.Option);
        _batch.AddAtLeastOne();
        _tolerance.AddCheck(t => t >= 0 && !double.IsInfinity(t) ? null : "--tolerance must be a finite number >= 0.");
        Options.Add(_batch);
        _shapes = new ModelShapeOptions(this, _batch);
        Options.Add(_seed);
        _inputs = new InputSourceCliOptions(this);
        Options.Add(_tolerance);
        Options.Add(_json);
        SetAction(Run);
    }

    /// <summary>Writes the report as text.</summary>
    public static void WriteTable(IAnsiConsole console, VerificationReport r)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("model", Markup.Escape(r.Model));
        grid.AddRow("inputs", Markup.Escape(r.Inputs is null ? $"{r.InputDistribution}, seed {r.Seed}, batch {r.Batch}" : $"{r.Inputs}: {r.Runs} run(s) of batch {r.Batch}"));
        foreach (string note in r.InputNotes ?? [])
        {
            grid.AddRow("  note", Markup.Escape(note));
        }

        grid.AddRow("vs ONNX Runtime", "");
        grid.AddRow("max abs error", Format.Sci(r.MaxAbsError));
        grid.AddRow("max rel error", $"{Format.Sci(r.MaxRelError)} (tolerance {Format.Sci(r.Tolerance)})");
        grid.AddRow("top-1 agreement", Format.Percent(r.Top1Agreement));
        foreach (var o in r.Outputs.Where(_ => r.Outputs.Count > 1))
        {
            grid.AddRow(Markup.Escape($"  {o.Name} {Format.Shape(o.Shape)}"), $"abs {Format.Sci(o.MaxAbsError)}, rel {Format.Sci(o.MaxRelError)}, top-1 {Format.Percent(o.Top1Agreement)}");
        }

        if (r.Expected is { } e)
        {
            grid.AddRow("vs expected outputs", Markup.Escape($"(from {r.Inputs})"));
            grid.AddRow("max abs error", Format.Sci(e.MaxAbsError));
            grid.AddRow("max rel error", $"{Format.Sci(e.MaxRelError)} (tolerance {Format.Sci(r.Tolerance)})");
            grid.AddRow("top-1 agreement", Format.Percent(e.Top1Agreement));
            foreach (var o in e.Outputs.Where(_ => e.Outputs.Count > 1))
            {
                grid.AddRow(Markup.Escape($"  {o.Name} {Format.Shape(o.Shape)}"), $"abs {Format.Sci(o.MaxAbsError)}, rel {Format.Sci(o.MaxRelError)}, top-1 {Format.Percent(o.Top1Agreement)}");
            }
        }

        if (r.Accuracy is { } a)
        {
            grid.AddRow("top-1 accuracy", Markup.Escape($"Memflux {Format.Percent(a.Memflux)}, ONNX Runtime {Format.Percent(a.OnnxRuntime)} ({a.Samples} labelled samples, argmax of '{a.Output}')"));
        }

        string target = r.Expected is null ? "ONNX Runtime" : "ONNX Runtime and the expected outputs";
        grid.AddRow("result", r.Passed ? $"PASS: Memflux matches {target}" : "FAIL: max rel error exceeds the tolerance");
        console.Write(grid);
    }

    /// <summary>The JSON shape of the report.</summary>
    public static object ToJson(VerificationReport r) => new
    {
        model = r.Model,
        batch = r.Batch,
        seed = r.Seed,
        input_distribution = r.InputDistribution,
        tolerance = r.Tolerance,
        max_abs_error = r.MaxAbsError,
        max_rel_error = r.MaxRelError,
        top1_agreement = r.Top1Agreement,
        passed = r.Passed,
        outputs = Outputs(r.Outputs),
        inputs = r.Inputs,
        runs = r.Runs,
        input_notes = r.InputNotes ?? [],
        expected_outputs = r.Expected is { } e
            ? new
            {
                max_abs_error = e.MaxAbsError,
                max_rel_error = e.MaxRelError,
                top1_agreement = e.Top1Agreement,
                passed = e.Passes(r.Tolerance),
                outputs = Outputs(e.Outputs),
            }
            : null,
        accuracy = r.Accuracy is { } a ? new { output = a.Output, samples = a.Samples, memflux = a.Memflux, onnxruntime = a.OnnxRuntime } : null,
    };

    private static IEnumerable<object> Outputs(IReadOnlyList<OutputComparison> outputs) => outputs.Select(o => new
    {
        name = o.Name,
        shape = o.Shape,
        max_abs_error = o.MaxAbsError,
        max_abs_reference = o.MaxAbsReference,
        max_rel_error = o.MaxRelError,
        top1_agreement = o.Top1Agreement,
    });

    private int Run(ParseResult parse)
    {
        string path = BundledModels.ResolveModelPath(parse.GetModel(_model));
        var report = ModelVerifier.Verify(_context, path, _shapes.ToImportOptions(parse, PassPipeline.Default), parse.GetValue(_seed), parse.GetValue(_tolerance), _inputs.Path(parse), _inputs.ToOptions(parse));
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, ToJson(report));
        }
        else
        {
            WriteTable(_context.OutConsole, report);
        }

        return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
