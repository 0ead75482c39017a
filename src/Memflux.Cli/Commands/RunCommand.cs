using System.CommandLine;
using Memflux.Chip;
using Memflux.Cli.Infrastructure;
using Memflux.Cli.Reporting;
using Memflux.Experiments;
using Memflux.Numerics;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux run [EXPERIMENT.json]</c>. Without a file, the README's main job (the bundled demo,
/// <see cref="Experiment.Default"/>): verify the reference executor on the bundled ResNet18, then put the default zoo
/// model (fashion-cnn) on the HERMES chip: accuracy over time with the pcm-hermes device physics on HERMES-sized
/// tiles, and the cost estimate (latency, energy, area, digital baseline) on the hermes preset. With a file, the
/// experiment it describes (<see cref="ExperimentFile"/>, docs/experiments.md).
/// </summary>
internal sealed class RunCommand : Command
{
    /// <summary>Where the report goes without --report (relative to the current folder).</summary>
    public const string DefaultReportFolder = "memflux-report";

    private readonly CliContext _context;
    private readonly Argument<string?> _experiment = new("EXPERIMENT")
    {
        Description = "An experiment file (JSON with // comments; 'memflux init' writes one). Without it: the bundled demo.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<int> _seeds = new("--seeds") { Description = "Without EXPERIMENT: independently programmed chips for the accuracy's confidence interval.", DefaultValueFactory = _ => Experiment.DefaultSeeds };
    private readonly Option<int?> _limit = new("--limit") { Description = "Without EXPERIMENT: use only the first N test images (default: all 10,000)." };
    private readonly Option<string?> _data = CommonOptions.DataDirectory();
    private readonly Option<string?> _chips = CommonOptions.Chips();
    private readonly Option<string?> _report = ReportOutput.Option(DefaultReportFolder);

    public RunCommand(CliContext context)
        : base("run", $"The main job: verify Memflux against ONNX Runtime on the bundled ResNet18, then put {Experiment.DefaultModel} on the {Experiment.DefaultHardware} chip: accuracy at 1s, 1d and 1y ({Experiment.DefaultDevice} devices, {Experiment.DefaultDataset} test set) and the cost estimate. Or: run the experiment file EXPERIMENT.")
    {
        _context = context;
        _seeds.AddSeedCount();
        _limit.AddAtLeastOne();
        Arguments.Add(_experiment);
        Options.Add(_seeds);
        Options.Add(_limit);
        Options.Add(_data);
        Options.Add(_chips);
        Options.Add(_report);
        Options.Add(_json);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        Experiment experiment;
        ExperimentRecord record;
        if (parse.GetValue(_experiment) is { } file)
        {
            foreach (var option in new Option[] { _seeds, _limit, _data, _chips }.Where(o => parse.GetResult(o) is { Implicit: false }))
            {
                throw new MemfluxException($"{option.Name}: does not apply with an experiment file; set it in {file} (docs/experiments.md).");
            }

            (experiment, record) = ExperimentFile.Load(file);
            record = record with { Command = $"memflux run {file}" };
        }
        else
        {
            experiment = Experiment.Default(parse.GetValue(_seeds), parse.GetValue(_limit), parse.GetValue(_data), CommonOptions.ParseChips(parse.GetValue(_chips)));
            record = new ExperimentRecord(null, null, "memflux " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
        }

        // The demo writes a report unless told where; a file writes one when it names report.dir or --report is given.
        string? folder = parse.GetValue(_experiment) is null || parse.GetResult(_report) is { Implicit: false } ? parse.GetValue(_report) : experiment.Report.Directory;
        string? report = ReportOutput.Prepare(folder);
        var result = _context.Track("evaluating", update => ExperimentRunner.Run(
            _context, experiment, record, p => update(p.Steps, p.TotalSteps, p.Chip < 0 ? "digital reference" : $"chip {p.Chip + 1}/{experiment.Seeds} at {ChipTime.Format(experiment.TimesSeconds[p.Time])}"), report: report is not null));
        if (report is not null)
        {
            ReportOutput.Write(_context, RunReport.Build(parse, result), report);
        }

        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, ToJson(result));
        }
        else
        {
            WriteTables(_context.OutConsole, result);
        }

        return result.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>The JSON shape of a run: each part that ran, and the experiment file's path and text.</summary>
    public static object ToJson(ExperimentResult result) => new
    {
        verify = result.Verification is null ? null : VerifyCommand.ToJson(result.Verification),
        eval = result.Accuracy is null ? null : EvalReportWriter.ToJson(result.Accuracy),
        estimate = result.Estimate is null ? null : EstimateCommand.ToJson(result.Estimate),
        experiment = new { path = result.Record.SourcePath, text = result.Record.SourceText, command = result.Record.Command },
    };

    private static void WriteTables(IAnsiConsole console, ExperimentResult result)
    {
        var e = result.Experiment;
        string hardware = File.Exists(e.Hardware) ? Path.GetFileName(e.Hardware) : e.Hardware;
        int section = 0;
        if (result.Verification is { } verification)
        {
            string model = string.Equals(e.Metrics.VerifyModel, BundledModels.ResNet18Name, StringComparison.OrdinalIgnoreCase) ? "bundled ResNet18" : e.Metrics.VerifyModel!;
            console.Write(new Rule($"{++section}. Reference executor vs ONNX Runtime ({Markup.Escape(model)})").LeftJustified());
            VerifyCommand.WriteTable(console, verification);
        }

        if (result.Accuracy is { } accuracy)
        {
            console.Write(new Rule($"{++section}. {Markup.Escape(e.ModelName)} on {Markup.Escape(hardware)}: accuracy over time").LeftJustified());
            EvalReportWriter.WriteTable(console, accuracy);
        }

        if (result.Estimate is { } estimate)
        {
            console.Write(new Rule($"{++section}. {Markup.Escape(e.ModelName)} on {Markup.Escape(hardware)}: cost estimate (batch {e.Metrics.EstimateBatch})").LeftJustified());
            EstimateCommand.WriteTables(console, estimate);
        }
    }
}
