using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;

namespace Memflux.Experiments;

/// <summary>
/// One validated experiment: a model on analog chips over time and its cost, as <c>memflux run</c> runs it. Built by
/// <see cref="ExperimentFile"/> from an experiment file, or by <see cref="Default"/> (the bundled demo); paths are
/// resolved (relative to the experiment file's folder) and every value is checked.
/// </summary>
/// <param name="Model">The ONNX model's path (a bundled or zoo name already resolved).</param>
/// <param name="ModelName">The model as the file names it (a zoo name, or the path as written).</param>
/// <param name="Inputs">What the model runs on.</param>
/// <param name="Device">The analog device preset with its overrides applied.</param>
/// <param name="Hardware">The chip: a hardware preset name or a chip spec file path.</param>
/// <param name="Chips">How many chips of <paramref name="Hardware"/> (null: the spec's system section).</param>
/// <param name="TimesSeconds">Times after programming, increasing.</param>
/// <param name="Seeds">Independently programmed chips.</param>
/// <param name="FirstSeed">The first chip's seed (then +1, +2, …).</param>
/// <param name="Metrics">Which parts of the run to do.</param>
/// <param name="Report">Where a report goes, when asked.</param>
public sealed record Experiment(
    string Model,
    string ModelName,
    ExperimentInputs Inputs,
    ExperimentDevice Device,
    string Hardware,
    ChipCount? Chips,
    IReadOnlyList<double> TimesSeconds,
    int Seeds,
    ulong FirstSeed,
    ExperimentMetrics Metrics,
    ExperimentReportOptions Report)
{
    /// <summary>The zoo model the bundled demo puts on the chip.</summary>
    public const string DefaultModel = "fashion-cnn";

    /// <summary>Its dataset.</summary>
    public const string DefaultDataset = "fashion-mnist";

    /// <summary>The chip.</summary>
    public const string DefaultHardware = "hermes";

    /// <summary>The device physics and periphery on it.</summary>
    public const string DefaultDevice = "pcm-hermes";

    /// <summary>The demo's times: 1 s, 1 day, 1 year.</summary>
    public static IReadOnlyList<double> DefaultTimes { get; } = [1, 86400, 365 * 86400.0];

    /// <summary>The demo's chips for the confidence interval.</summary>
    public const int DefaultSeeds = 3;

    /// <summary>
    /// The bundled demo (<c>memflux run</c> without a file): verify the reference executor against ONNX Runtime on
    /// the bundled ResNet18, then fashion-cnn on pcm-hermes devices on the hermes chip at 1 s, 1 d and 1 y over the
    /// Fashion-MNIST test set, and its cost estimate at batch 1.
    /// </summary>
    public static Experiment Default(int seeds = DefaultSeeds, int? limit = null, string? dataDirectory = null, ChipCount? chips = null) => new(
        BundledModels.ResolveModelPath(DefaultModel),
        DefaultModel,
        ExperimentInputs.FromDataset(DefaultDataset, dataDirectory, limit),
        new ExperimentDevice(DefaultDevice, AnalogPreset.Get(DefaultDevice), [], null),
        DefaultHardware,
        chips,
        DefaultTimes,
        seeds,
        0,
        ExperimentMetrics.Default,
        new ExperimentReportOptions(null));
}

/// <summary>
/// The inputs: exactly one of a bundled <paramref name="Dataset"/> (its test split, in batches of
/// <paramref name="BatchSize"/>, the first <paramref name="Limit"/> images), the user's <paramref name="Path"/> (read as
/// <c>eval --inputs</c> reads it, with optional <paramref name="Labels"/> and <paramref name="Batch"/>), or
/// <paramref name="Random"/> seeded random samples.
/// </summary>
/// <param name="Dataset">mnist or fashion-mnist.</param>
/// <param name="DataDirectory">The folder holding the dataset folders (null: the usual search).</param>
/// <param name="BatchSize">Images per inference with a dataset.</param>
/// <param name="Limit">Only the first N test images (null: all).</param>
/// <param name="Path">A .npy/.npz file, ONNX test-data folder or image folder.</param>
/// <param name="Labels">Integer labels (.npy) for <paramref name="Path"/>.</param>
/// <param name="Batch">Samples per run with <paramref name="Path"/> or <paramref name="Random"/>.</param>
/// <param name="Random">Number of seeded random samples.</param>
public sealed record ExperimentInputs(string? Dataset, string? DataDirectory, int BatchSize, int? Limit, string? Path, string? Labels, int? Batch, int? Random)
{
    /// <summary>Images per inference on a bundled dataset unless the file says otherwise.</summary>
    public const int DefaultBatchSize = 500;

    /// <summary>A bundled dataset's test split.</summary>
    public static ExperimentInputs FromDataset(string dataset, string? dataDirectory, int? limit, int batchSize = DefaultBatchSize) =>
        new(dataset, dataDirectory, batchSize, limit, null, null, null, null);
}

/// <summary>The device physics: a named preset, the overrides applied to its values, and drift compensation.</summary>
/// <param name="PresetName">The preset as named (pcm, pcm-hermes, rram, ideal, or a .csv path).</param>
/// <param name="Preset">The preset with <paramref name="Overrides"/> applied.</param>
/// <param name="Overrides">Each override as written: dotted path into the preset's values, and the JSON value.</param>
/// <param name="DriftCompensation">Global drift compensation on or off (null: the preset's).</param>
public sealed record ExperimentDevice(string PresetName, AnalogPreset Preset, IReadOnlyList<KeyValuePair<string, string>> Overrides, bool? DriftCompensation);

/// <summary>Which parts of the run to do.</summary>
/// <param name="VerifyModel">Verify the reference executor against ONNX Runtime on this model first (null: skip).</param>
/// <param name="Accuracy">Accuracy (or fidelity) over time on analog chips.</param>
/// <param name="Attribution">Also attribute the error at the last time (per layer, per non-ideality).</param>
/// <param name="Estimate">The cost estimate (latency, energy, area, digital baseline).</param>
/// <param name="EstimateBatch">Images streamed through the chip for the estimate.</param>
public sealed record ExperimentMetrics(string? VerifyModel, bool Accuracy, bool Attribution, bool Estimate, int EstimateBatch)
{
    /// <summary>The demo's: verify on ResNet18, accuracy over time, estimate at batch 1.</summary>
    public static ExperimentMetrics Default { get; } = new(BundledModels.ResNet18Name, true, false, true, 1);
}

/// <summary>Report options (read by the report writer).</summary>
/// <param name="Directory">Where report.html and report.json go (null: no report).</param>
public sealed record ExperimentReportOptions(string? Directory);
