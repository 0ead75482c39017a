using System.CommandLine;
using System.Globalization;
using Memflux.Cli.Infrastructure;
using Memflux.Experiments;
using Memflux.Numerics;
using Memflux.Training;
using Memflux.Training.Zoo;
using Spectre.Console;

namespace Memflux.Cli.Commands;

/// <summary>
/// <c>memflux train --model NAME|SPEC [--dataset D] [--epochs N] [--seed S] [--batch-size N] [--lr X] [--hwa SPEC]
/// [--fold-bn] [--data DIR] -o FILE [--json]</c>: trains a zoo model with its recipe (or a network written as an architecture spec with the spec recipe), shows progress on stderr, prints
/// the training and test results and writes the model as ONNX (opset 17).
/// </summary>
internal sealed class TrainCommand : Command
{
    private readonly CliContext _context;
    private readonly Option<bool> _json = CommonOptions.Json();

    private readonly Option<string> _model = new("--model")
    {
        Description = $"Zoo model ({string.Join(", ", ZooModels.Names)}) or an architecture spec such as "
            + "\"conv(16,3,pad=1)-bn-relu-maxpool(2)-res(32,stride=2)-gap-fc(10)\" or \"mlp(784,256,128,10)\" (docs/architecture-spec.md); "
            + $"a spec trains with Adam lr {ZooModels.SpecLearningRate.ToString(CultureInfo.InvariantCulture)} cosine, {ZooModels.SpecEpochs} epochs, batch {ZooModels.SpecBatchSize} on {ZooModels.SpecDefaultDataset} unless --dataset, --epochs, --batch-size or --lr say otherwise.",
        Required = true,
    };

    private readonly Option<string?> _dataset = new("--dataset") { Description = $"Dataset: {string.Join(" or ", ModelTraining.Datasets)} (default: the zoo model's; mnist for a spec)." };
    private readonly Option<int?> _epochs = new("--epochs") { Description = "Epochs (default: the zoo or spec recipe's)." };
    private readonly Option<ulong> _seed = new("--seed") { Description = "Seed of the initialisation, shuffles, augmentation and HWA noise.", DefaultValueFactory = _ => 0 };
    private readonly Option<int?> _batchSize = new("--batch-size") { Description = "Samples per step (default: the zoo or spec recipe's)." };
    private readonly Option<float?> _lr = new("--lr") { Description = "Peak learning rate of the cosine schedule (default: the zoo or spec recipe's)." };

    private readonly Option<string?> _hwa = new("--hwa")
    {
        Description = "Hardware-aware training: a preset (pcm, pcm-drift, none) and/or comma-separated key=value pairs, e.g. noise=0.03,clip=2.5,adc-bits=8; "
            + "keys: noise, mult-noise, clip, dac-bits, adc-bits, drop-connect, per-channel (default: the zoo model's; mnist-lenet5-hwa uses pcm, fashion-cnn-hwa pcm-drift).",
    };

    private readonly Option<bool> _foldBn = new("--fold-bn") { Description = "Fold each BatchNorm into the preceding Conv/Gemm in the exported ONNX." };

    private readonly Option<string?> _data = CommonOptions.DataDirectory();

    private readonly Option<string> _output = new("--output", "-o") { Description = "The ONNX file to write.", Required = true };

    public TrainCommand(CliContext context)
        : base("train", "Train a zoo model (or an architecture spec) on MNIST or Fashion-MNIST with its recipe, report the training and test accuracy, and write it as ONNX.")
    {
        _context = context;
        _epochs.AddAtLeastOne();
        _batchSize.AddAtLeastOne();
        _lr.AddCheck(lr => lr is not { } v || (v > 0f && float.IsFinite(v)) ? null : "--lr must be a positive number.");
        Options.Add(_model);
        Options.Add(_dataset);
        Options.Add(_epochs);
        Options.Add(_seed);
        Options.Add(_batchSize);
        Options.Add(_lr);
        Options.Add(_hwa);
        Options.Add(_foldBn);
        Options.Add(_data);
        Options.Add(_output);
        Options.Add(_json);
        SetAction(Run);
    }

    /// <summary>The JSON shape of the report.</summary>
    public static object ToJson(TrainingReport r) => new
    {
        model = r.Model,
        dataset = r.Dataset,
        data_directory = r.DataDirectory,
        epochs = r.Epochs,
        seed = r.Seed,
        batch_size = r.BatchSize,
        learning_rate = r.LearningRate,
        optimizer = r.Optimizer,
        augmentation = r.Augmentation,
        hwa = r.HardwareAware,
        parameters = r.Parameters,
        train_loss = r.History[^1].Loss,
        train_accuracy = r.History[^1].Accuracy,
        test_loss = r.Test.Loss,
        test_accuracy = r.Test.Accuracy,
        test_samples = r.Test.Samples,
        train_seconds = r.TrainSeconds,
        images_per_second = r.ImagesPerSecond,
        output = r.Output,
        fold_bn = r.FoldBatchNorm,
        history = r.History.Select((h, i) => new { epoch = i + 1, loss = h.Loss, accuracy = h.Accuracy }),
    };

    /// <summary>Writes the report as a table.</summary>
    public static void WriteTable(IAnsiConsole console, TrainingReport r)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("model", Markup.Escape($"{r.Model} ({Format.Count(r.Parameters)} parameters)"));
        grid.AddRow("dataset", Markup.Escape($"{r.Dataset} ({r.DataDirectory})"));
        grid.AddRow("recipe", Markup.Escape($"{r.Epochs} epochs, batch {r.BatchSize}, {r.Optimizer} lr {r.LearningRate.ToString(CultureInfo.InvariantCulture)} cosine, seed {r.Seed}"));
        grid.AddRow("augmentation", Markup.Escape(r.Augmentation));
        grid.AddRow("hwa", Markup.Escape(r.HardwareAware));
        grid.AddRow("train loss / accuracy", $"{Format.Fixed(r.History[^1].Loss, 4)} / {Format.Percent(r.History[^1].Accuracy)} (last epoch)");
        grid.AddRow("test accuracy", $"{Format.Percent(r.Test.Accuracy)} of {Format.Count(r.Test.Samples)} (loss {Format.Fixed(r.Test.Loss, 4)})");
        grid.AddRow("wall time", $"{Format.Fixed(r.TrainSeconds, 1)} s training, {Format.Fixed(r.ImagesPerSecond, 0)} images/s");
        grid.AddRow("written", Markup.Escape(r.Output + (r.FoldBatchNorm ? " (BatchNorm folded)" : "")));
        console.Write(grid);
    }

    private int Run(ParseResult parse)
    {
        SafeFile.CheckTarget(parse.GetRequiredValue(_output), "the trained model");
        var request = new TrainingRequest(
            parse.GetRequiredValue(_model),
            parse.GetRequiredValue(_output),
            parse.GetValue(_dataset),
            parse.GetValue(_data),
            parse.GetValue(_epochs),
            parse.GetValue(_seed),
            parse.GetValue(_batchSize),
            parse.GetValue(_lr),
            parse.GetValue(_hwa),
            parse.GetValue(_foldBn));
        var report = ModelTraining.Run(_context, request, _context.Quiet ? fit => fit(null) : _context.ErrIsTerminal ? WithProgressBar : WithEpochLines);
        if (parse.GetValue(_json))
        {
            JsonOutput.Write(_context.Out, ToJson(report));
        }
        else
        {
            WriteTable(_context.OutConsole, report);
        }

        return ExitCodes.Success;
    }

    private IReadOnlyList<Evaluation> WithProgressBar(Func<Action<TrainingProgress>?, IReadOnlyList<Evaluation>> fit)
    {
        IReadOnlyList<Evaluation>? history = null;
        _context.ErrorConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? task = null;
                double lossSum = 0;
                long correct = 0;
                history = fit(p =>
                {
                    task ??= ctx.AddTask("training", maxValue: (double)p.Epochs * p.BatchesPerEpoch);
                    if (p.Batch == 0)
                    {
                        lossSum = 0;
                        correct = 0;
                    }

                    // Running means over the epoch so far: steadier to read than the last batch alone.
                    lossSum += p.Loss;
                    correct += (long)Math.Round(p.Accuracy * 1e6);
                    task.Value = ((double)p.Epoch * p.BatchesPerEpoch) + p.Batch + 1;
                    if (p.Batch % 10 == 0 || p.Batch == p.BatchesPerEpoch - 1)
                    {
                        int seen = p.Batch + 1;
                        task.Description = Markup.Escape(string.Create(
                            CultureInfo.InvariantCulture,
                            $"epoch {p.Epoch + 1}/{p.Epochs} batch {seen}/{p.BatchesPerEpoch} loss {lossSum / seen:F4} acc {correct / 1e6 / seen * 100:F2}%"));
                    }
                });
            });
        return history!;
    }

    // Without a terminal: one line per epoch on stderr with the time left at the pace so far, so logs of long runs show where they are.
    private IReadOnlyList<Evaluation> WithEpochLines(Func<Action<TrainingProgress>?, IReadOnlyList<Evaluation>> fit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double lossSum = 0, accuracySum = 0;
        return fit(p =>
        {
            if (p.Batch == 0)
            {
                lossSum = 0;
                accuracySum = 0;
            }

            lossSum += p.Loss;
            accuracySum += p.Accuracy;
            if (p.Batch == p.BatchesPerEpoch - 1)
            {
                var left = clock.Elapsed * ((double)(p.Epochs - p.Epoch - 1) / (p.Epoch + 1));
                _context.Progress(string.Create(
                    CultureInfo.InvariantCulture,
                    $"epoch {p.Epoch + 1}/{p.Epochs}: loss {lossSum / p.BatchesPerEpoch:F4}, accuracy {accuracySum / p.BatchesPerEpoch * 100:F2}%, {clock.Elapsed.TotalSeconds:F1} s{(p.Epoch + 1 < p.Epochs ? $", ETA {Format.Duration(left)}" : "")}"));
            }
        });
    }
}
