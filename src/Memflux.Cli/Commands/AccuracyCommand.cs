using System.CommandLine;
using Memflux.Cli.Infrastructure;
using Memflux.Experiments;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux accuracy MODEL --dataset D [--split test|train] [--data DIR] [--batch-size N] [--json]</c>: classification
/// accuracy on a whole IDX split by ONNX Runtime and by Memflux's reference executor.
/// </summary>
internal sealed class AccuracyCommand : Command
{
    private readonly CliContext _context;
    private readonly (Argument<string?> Argument, Option<string?> Option) _model = CommonOptions.ModelArgumentOrOption();
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<string> _dataset = new("--dataset") { Description = $"Dataset: {string.Join(" or ", ModelTraining.Datasets)}.", Required = true };
    private readonly Option<string> _split = new("--split") { Description = "Split: test or train.", DefaultValueFactory = _ => "test" };

    private readonly Option<string?> _data = CommonOptions.DataDirectory();

    private readonly Option<int> _batchSize = new("--batch-size") { Description = "Images per inference.", DefaultValueFactory = _ => 500 };

    public AccuracyCommand(CliContext context)
        : base("accuracy", "Classification accuracy of a model on a whole dataset split, by ONNX Runtime and by Memflux's reference executor.")
    {
        _context = context;
        Arguments.Add(_model.Argument);
        Options.Add(_model.Option);
        _dataset.AcceptOnlyFromAmong(ModelTraining.Datasets);
        _split.AcceptOnlyFromAmong("test", "train");
        _batchSize.AddAtLeastOne();
        Options.Add(_dataset);
        Options.Add(_split);
        Options.Add(_data);
        Options.Add(_batchSize);
        Options.Add(_json);
        SetAction(Run);
    }

    /// <summary>The JSON shape of the report.</summary>
    public static object ToJson(AccuracyReport r) => new
    {
        model = r.Model,
        dataset = r.Dataset,
        split = r.Split,
        samples = r.Samples,
        ort_accuracy = r.OrtAccuracy,
        memflux_accuracy = r.MemfluxAccuracy,
        prediction_agreement = r.PredictionAgreement,
        seconds = r.Seconds,
    };

    private int Run(ParseResult parse)
    {
        string path = BundledModels.ResolveModelPath(parse.GetModel(_model));
        var report = AccuracyEvaluation.Evaluate(_context, path, parse.GetRequiredValue(_dataset), parse.GetValue(_data), parse.GetRequiredValue(_split), parse.GetValue(_batchSize));
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, ToJson(report));
            return ExitCodes.Success;
        }

        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("model", Markup.Escape(report.Model));
        grid.AddRow("dataset", Markup.Escape($"{report.Dataset} ({report.Split}, {report.Samples} images)"));
        grid.AddRow("ONNX Runtime accuracy", Format.Percent(report.OrtAccuracy));
        grid.AddRow("Memflux accuracy", Format.Percent(report.MemfluxAccuracy));
        grid.AddRow("same prediction", Format.Percent(report.PredictionAgreement));
        grid.AddRow("time", $"{report.Seconds:F1} s");
        _context.OutConsole.Write(grid);
        return ExitCodes.Success;
    }
}
