using System.CommandLine;
using Memflux.Chip.Hardware;
using Memflux.Cli.Analysis;
using Memflux.Cli.Infrastructure;
using Memflux.Cli.Reporting;
using Memflux.Graph.Passes;
using Memflux.Onnx;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux run</c>, the README's main job: verify the reference executor on the bundled ResNet18, then put the
/// default zoo model (fashion-cnn) on the HERMES chip: accuracy over time with the pcm-hermes device physics on
/// HERMES-sized tiles, and the cost estimate (latency, energy, area, digital baseline) on the hermes preset.
/// </summary>
internal sealed class RunCommand : Command
{
    /// <summary>The zoo model the main job puts on the chip.</summary>
    public const string DefaultModel = "fashion-cnn";

    /// <summary>Its dataset.</summary>
    public const string DefaultDataset = "fashion-mnist";

    /// <summary>The chip.</summary>
    public const string DefaultHardware = "hermes";

    /// <summary>The device physics and periphery on it.</summary>
    public const string DefaultDevice = "pcm-hermes";

    /// <summary>Where the report goes without --report (relative to the current folder).</summary>
    public const string DefaultReportFolder = "memflux-report";

    private readonly CliContext _context;
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<int> _seeds = new("--seeds") { Description = "Independently programmed chips for the accuracy's confidence interval.", DefaultValueFactory = _ => 3 };
    private readonly Option<int?> _limit = new("--limit") { Description = "Use only the first N test images (default: all 10,000)." };
    private readonly Option<string?> _data = CommonOptions.DataDirectory();
    private readonly Option<string?> _chips = CommonOptions.Chips();
    private readonly Option<string?> _report = ReportOutput.Option(DefaultReportFolder);

    public RunCommand(CliContext context)
        : base("run", $"The main job: verify Memflux against ONNX Runtime on the bundled ResNet18, then put {DefaultModel} on the {DefaultHardware} chip: accuracy at 1s, 1d and 1y ({DefaultDevice} devices, {DefaultDataset} test set) and the cost estimate.")
    {
        _context = context;
        _seeds.AddSeedCount();
        _limit.AddAtLeastOne();
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
        string? report = ReportOutput.Prepare(parse.GetValue(_report));
        string resnet = BundledModels.RequireResNet18();
        var verification = ModelVerifier.Verify(_context, resnet, new ImportOptions { BatchSize = 1, Pipeline = PassPipeline.Default }, seed: 0, VerifyCommand.DefaultTolerance);
        var request = new AnalogEvalRequest(
            BundledModels.ResolveModelPath(DefaultModel), DefaultDataset, parse.GetValue(_data), DefaultDevice, [1, 86400, 365 * 86400.0],
            parse.GetValue(_seeds), Seed: 0, BatchSize: 500, parse.GetValue(_limit), Hardware: DefaultHardware, Report: report is not null);
        var accuracy = AnalogEvaluation.Evaluate(_context, request, null);
        var estimate = EstimateCommand.Estimate(_context, DefaultModel, ChipPresets.Resolve(DefaultHardware), batch: 1, chips: CommonOptions.ParseChips(parse.GetValue(_chips)), options: new Cost.SimulationOptions(RecordTrace: report is not null));
        if (report is not null)
        {
            ReportOutput.Write(_context, RunReport.Build(parse, accuracy, estimate), report);
        }

        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, new { verify = VerifyCommand.ToJson(verification), eval = EvalReportWriter.ToJson(accuracy), estimate = EstimateCommand.ToJson(estimate) });
        }
        else
        {
            var console = _context.OutConsole;
            console.Write(new Rule("1. Reference executor vs ONNX Runtime (bundled ResNet18)").LeftJustified());
            VerifyCommand.WriteTable(console, verification);
            console.Write(new Rule($"2. {DefaultModel} on {DefaultHardware}: accuracy over time").LeftJustified());
            EvalReportWriter.WriteTable(console, accuracy);
            console.Write(new Rule($"3. {DefaultModel} on {DefaultHardware}: cost estimate (batch 1)").LeftJustified());
            EstimateCommand.WriteTables(console, estimate);
        }

        return verification.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
