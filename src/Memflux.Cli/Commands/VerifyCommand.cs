using System.CommandLine;
using Memflux.Cli.Analysis;
using Memflux.Cli.Infrastructure;
using Memflux.Graph.Passes;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux verify MODEL [--batch N] [--shape NAME=DxD] [--dim NAME=N] [--seed S] [--tolerance T] [--json]</c>: Memflux's reference executor against
/// ONNX Runtime on the same seeded inputs; exit code 1 when the relative error exceeds the tolerance.
/// </summary>
internal sealed class VerifyCommand : Command
{
    /// <summary>Default tolerance on the max relative error.</summary>
    public const double DefaultTolerance = 1e-4;

    private readonly CliContext _context;
    private readonly Argument<string> _model = CommonOptions.Model();
    private readonly Option<bool> _json = CommonOptions.Json();

    private readonly Option<int?> _batch = new("--batch")
    {
        Description = "Batch size: the first dimension of every graph input, static or not (default: the model's static batch, else 1).",
    };

    private readonly ModelShapeOptions _shapes;

    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the random inputs (uniform in [0, 1)).", DefaultValueFactory = _ => 0 };

    private readonly Option<double> _tolerance = new("--tolerance")
    {
        Description = "Largest accepted relative error: max |memflux - ort| / max |ort|.",
        DefaultValueFactory = _ => DefaultTolerance,
    };

    public VerifyCommand(CliContext context)
        : base("verify", "Run a model in Memflux's reference executor and in ONNX Runtime (CPU, default options) on the same seeded random inputs and compare.")
    {
        _context = context;
        Arguments.Add(_model);
        _batch.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() < 1)
            {
                r.AddError("--batch must be at least 1.");
            }
        });
        _tolerance.Validators.Add(r =>
        {
            double t = r.GetValueOrDefault<double>();
            if (!(t >= 0) || double.IsInfinity(t))
            {
                r.AddError("--tolerance must be a finite number >= 0.");
            }
        });
        Options.Add(_batch);
        _shapes = new ModelShapeOptions(this, _batch);
        Options.Add(_seed);
        Options.Add(_tolerance);
        Options.Add(_json);
        SetAction(Run);
    }

    /// <summary>Writes the report as text.</summary>
    public static void WriteTable(IAnsiConsole console, VerificationReport r)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("model", Markup.Escape(r.Model));
        grid.AddRow("inputs", Markup.Escape($"{r.InputDistribution}, seed {r.Seed}, batch {r.Batch}"));
        grid.AddRow("max abs error", Format.Sci(r.MaxAbsError));
        grid.AddRow("max rel error", $"{Format.Sci(r.MaxRelError)} (tolerance {Format.Sci(r.Tolerance)})");
        grid.AddRow("top-1 agreement", Format.Percent(r.Top1Agreement));
        foreach (var o in r.Outputs.Where(_ => r.Outputs.Count > 1))
        {
            grid.AddRow(Markup.Escape($"  {o.Name} {Format.Shape(o.Shape)}"), $"abs {Format.Sci(o.MaxAbsError)}, rel {Format.Sci(o.MaxRelError)}, top-1 {Format.Percent(o.Top1Agreement)}");
        }

        grid.AddRow("result", r.Passed ? "PASS: Memflux matches ONNX Runtime" : "FAIL: max rel error exceeds the tolerance");
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
        outputs = r.Outputs.Select(o => new
        {
            name = o.Name,
            shape = o.Shape,
            max_abs_error = o.MaxAbsError,
            max_abs_reference = o.MaxAbsReference,
            max_rel_error = o.MaxRelError,
            top1_agreement = o.Top1Agreement,
        }),
    };

    private int Run(ParseResult parse)
    {
        string path = BundledModels.ResolveModelPath(parse.GetRequiredValue(_model));
        var report = ModelVerifier.Verify(_context, path, _shapes.ToImportOptions(parse, PassPipeline.Default), parse.GetValue(_seed), parse.GetValue(_tolerance));
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
