using System.Diagnostics;
using Memflux.Data;
using Memflux.Numerics;
using Memflux.Training;
using Memflux.Training.Data;
using Memflux.Training.Export;
using Memflux.Training.HardwareAware;
using Memflux.Training.Zoo;

namespace Memflux.Experiments;

/// <summary>What <c>memflux train</c> was asked to do; nulls take the zoo recipe's value.</summary>
internal sealed record TrainingRequest(
    string Model,
    string Output,
    string? Dataset = null,
    string? DataDirectory = null,
    int? Epochs = null,
    ulong Seed = 0,
    int? BatchSize = null,
    float? LearningRate = null,
    string? HardwareAware = null,
    bool FoldBatchNorm = false);

/// <summary>The outcome of a training run.</summary>
internal sealed record TrainingReport(
    string Model,
    string Dataset,
    string DataDirectory,
    int Epochs,
    ulong Seed,
    int BatchSize,
    float LearningRate,
    string Optimizer,
    string Augmentation,
    string HardwareAware,
    long Parameters,
    IReadOnlyList<Evaluation> History,
    Evaluation Test,
    double TrainSeconds,
    double ImagesPerSecond,
    string Output,
    bool FoldBatchNorm);

/// <summary>Trains a zoo model (or a network written as an architecture spec) on its dataset, evaluates it on the test split and exports it to ONNX.</summary>
internal static class ModelTraining
{
    /// <summary>Datasets <c>memflux train</c> knows.</summary>
    public static readonly string[] Datasets = ["mnist", "fashion-mnist"];

    /// <summary>
    /// Runs <paramref name="request"/>. <paramref name="display"/> runs the training loop it is given with a progress
    /// callback (every optimizer step) inside whatever live display it shows; data loading and evaluation happen
    /// outside it, so their own spinners do not overlap it.
    /// </summary>
    public static TrainingReport Run(IExperimentHost context, TrainingRequest request, Func<Func<Action<TrainingProgress>?, IReadOnlyList<Evaluation>>, IReadOnlyList<Evaluation>> display)
    {
        if (request.Dataset is not null && !Datasets.Contains(request.Dataset, StringComparer.Ordinal))
        {
            throw new MemfluxException($"--dataset '{request.Dataset}' is not known; expected {string.Join(" or ", Datasets)}.");
        }

        // A zoo name, else an architecture spec (checked here, before the data loads) with the spec recipe.
        var zoo = ZooModels.Resolve(request.Model, request.Dataset);
        string dataset = request.Dataset ?? zoo.Dataset;
        if (!ZooModels.All.Any(m => ReferenceEquals(m, zoo)))
        {
            context.Note($"--model is an architecture spec: trained on {dataset}{(request.Dataset is null ? " (the default)" : "")} with the spec recipe ("
                + $"{zoo.Optimizer.ToString().ToLowerInvariant()}, cosine schedule, no weight decay, no augmentation; defaults {zoo.Epochs} epochs, batch {zoo.BatchSize}, "
                + $"lr {zoo.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}, which --epochs, --batch-size and --lr override).");
        }

        var hwa = request.HardwareAware is null ? zoo.HardwareAware : HardwareAwareOptions.Parse(request.HardwareAware);
        string root = DataDirectory.Resolve(request.DataDirectory, Environment.CurrentDirectory);
        string directory = DataDirectory.Dataset(root, dataset, request.DataDirectory is not null);
        var (train, test) = context.Step($"Loading {directory}", _ => (Dataset.Load(directory, "train").ToLabeledImages(), Dataset.Load(directory, "test").ToLabeledImages()));
        if (train.Height != 28 || train.Width != 28 || train.Channels != 1)
        {
            throw new MemfluxException($"{directory}: zoo and spec models take 1×28×28 images, found {train.Channels}×{train.Height}×{train.Width}.");
        }

        int epochs = request.Epochs ?? zoo.Epochs;
        int batchSize = request.BatchSize ?? zoo.BatchSize;
        float learningRate = request.LearningRate ?? zoo.LearningRate;
        var model = zoo.Build(request.Seed);
        var optimizer = zoo.CreateOptimizer(model, learningRate);
        var trainer = new Trainer(model, optimizer, new TrainerOptions
        {
            Epochs = epochs,
            BatchSize = batchSize,
            Seed = request.Seed,
            Schedule = zoo.CreateSchedule(learningRate, epochs),
            Augmentation = zoo.Augmentation,
            HardwareAware = hwa,
        });

        var clock = Stopwatch.StartNew();
        var history = display(progress => trainer.Fit(train, progress));
        double seconds = clock.Elapsed.TotalSeconds;
        var evaluation = context.Step("Evaluating on the test set", _ => trainer.Evaluate(test));
        var options = new ExportOptions { FoldBatchNorm = request.FoldBatchNorm, GraphName = zoo.Name };
        string output = Path.GetFullPath(request.Output);
        if (Path.GetDirectoryName(output) is { Length: > 0 } parent && !Directory.Exists(parent))
        {
            throw new MemfluxException($"{output}: the output directory {parent} does not exist.");
        }

        ModelExporter.Save(model, train.SampleShape, output, options);
        long images = (long)history.Sum(h => h.Samples);
        return new TrainingReport(
            zoo.Name,
            dataset,
            directory,
            epochs,
            request.Seed,
            batchSize,
            learningRate,
            zoo.Optimizer == ZooOptimizer.Adam ? "adam" : "sgd-nesterov",
            Describe(zoo.Augmentation),
            hwa is null || hwa.IsIdeal ? "none" : hwa.ToString(),
            model.ParameterCount(),
            history,
            evaluation,
            seconds,
            images / Math.Max(seconds, 1e-9),
            output,
            request.FoldBatchNorm);
    }

    private static string Describe(Augmentation a) => a.IsIdentity
        ? "none"
        : string.Join(", ", new[] { a.CropPadding > 0 ? $"crop (pad {a.CropPadding})" : null, a.HorizontalFlip ? "horizontal flip" : null }.OfType<string>());
}
