using Memflux.Chip;
using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Chip.Image;
using Memflux.Cli.Infrastructure;
using Memflux.Data;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Cli.Analysis;

/// <summary>What <c>memflux eval</c> was asked.</summary>
internal sealed record AnalogEvalRequest(string Model, string Dataset, string? DataRoot, string Preset, IReadOnlyList<double> TimesSeconds, int Chips, ulong Seed, int BatchSize, int? Limit, bool? DriftCompensation = null, string? Chip = null, bool Attribute = false, string? Hardware = null);

/// <summary>What <c>memflux eval</c> reports.</summary>
internal sealed record AnalogEvalReport(
    string Model,
    string Dataset,
    int Samples,
    string Preset,
    string DriftCompensation,
    int TileRows,
    int TileColumns,
    int Chips,
    ulong Seed,
    int AnalogLayers,
    long AnalogWeights,
    int DigitalNodes,
    double ReferenceAccuracy,
    IReadOnlyList<TimedAccuracy> Results,
    AttributionReport? Attribution,
    double Seconds);

/// <summary>
/// Accuracy over time of a model programmed onto analog chips of a preset, beside the digital reference accuracy that
/// ONNX Runtime measures on the same images.
/// </summary>
internal static class AnalogEvaluation
{
    public static AnalogEvalReport Evaluate(CliContext context, AnalogEvalRequest request, Action<EvaluationProgress>? progress)
    {
        var image = request.Chip is null ? null : context.Step($"Loading chip image {request.Chip}", _ => ChipImage.Load(request.Chip));
        var preset = image?.Preset ?? AnalogPreset.Get(request.Preset);
        if (request.DriftCompensation is bool gdc)
        {
            preset = preset.WithDriftCompensation(gdc);
        }

        if (request.Hardware is not null)
        {
            preset = HardwareTiles.Fit(preset, ChipPresets.Resolve(request.Hardware));
        }

        if (image is not null)
        {
            CheckStoredChip(context, image, request);
        }

        string model = image?.ModelName ?? request.Model;
        byte[] bytes = image?.ModelBytes ?? ModelFile.Read(request.Model);
        string root = DataDirectory.Resolve(request.DataRoot, Environment.CurrentDirectory);
        string directory = DataDirectory.Dataset(root, request.Dataset, request.DataRoot is not null);
        var data = context.Step($"Loading {directory} (test)", _ => Dataset.Load(directory, "test"));
        var images = data.Images;
        int count = request.Limit is int limit ? Math.Min(limit, data.Count) : data.Count;
        if (count < data.Count)
        {
            images = AccuracyOverTime.Slice(images, 0, count);
        }

        int[] labels = [.. data.Labels.Take(count).Select(b => (int)b)];
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var mapped = OnnxImporter.Load(bytes, model, new ImportOptions { BatchSize = Math.Min(request.BatchSize, count), Pipeline = PassPipeline.Default });
        double reference = context.Step($"ONNX Runtime reference on {count} images", _ => ReferenceAccuracy(context, bytes, model, mapped, images, labels, request.BatchSize));
        var layout = AnalogMapping.Map(mapped);
        ulong seed = image?.Seed ?? request.Seed;
        Func<ComputeGraph, int, AnalogChip> createChip = image is null
            ? (graph, c) => AnalogChip.Create(graph, preset, seed + (ulong)c)
            : (graph, _) => image.CreateChip(graph);
        ComputeGraph Import(int n) => OnnxImporter.Load(bytes, model, new ImportOptions { BatchSize = n, Pipeline = PassPipeline.Default });
        var results = AccuracyOverTime.Evaluate(Import, createChip, images, labels, request.TimesSeconds, request.Chips, request.BatchSize, progress);
        var attribution = request.Attribute
            ? context.Step("Error attribution", status => AnalogAttribution.Attribute(Import, preset, images, labels, request.TimesSeconds[^1], request.Chips, seed, request.BatchSize, reference, status))
            : null;
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new AnalogEvalReport(
            model, request.Dataset, count, preset.Name, preset.Tiles.DriftCompensation.ToString().ToLowerInvariant(), preset.Tiles.Rows, preset.Tiles.Columns, request.Chips, seed,
            layout.Layers.Count, layout.Layers.Sum(l => l.WeightCount), layout.DigitalNodes.Count, reference, results, attribution, seconds);
    }

    /// <summary>An image holds one chip at one time: one chip only, and no time before the chip's own.</summary>
    private static void CheckStoredChip(CliContext context, ChipImage image, AnalogEvalRequest request)
    {
        if (request.Chips != 1)
        {
            throw new MemfluxException($"--seeds: a chip image holds one chip, so --chip evaluates exactly one; found --seeds {request.Chips} (use --model for several chips).");
        }

        if (request.TimesSeconds.Count > 0 && request.TimesSeconds[0] < image.TimeSeconds)
        {
            throw new MemfluxException($"--times: the chip in {image.Path} is at {ChipTime.Format(image.TimeSeconds)}; times must not precede it, found {ChipTime.Format(request.TimesSeconds[0])}.");
        }

        if (!image.PresetMatchesCurrent)
        {
            context.Note($"note: the image's analog preset '{image.Preset.Name}' differs from this version's; the values stored in the image are used.");
        }
    }

    /// <summary>Parses a comma-separated list of durations (1s,1h,1d,1y); they must increase.</summary>
    public static IReadOnlyList<double> ParseTimes(string text)
    {
        var times = text.Split(',', StringSplitOptions.TrimEntries).Select(t => ChipTime.Parse(t, "--times")).ToList();
        for (int i = 1; i < times.Count; i++)
        {
            if (!(times[i] > times[i - 1]))
            {
                throw new MemfluxException($"--times: durations must increase, found {ChipTime.Format(times[i - 1])} then {ChipTime.Format(times[i])}.");
            }
        }

        return times;
    }

    private static double ReferenceAccuracy(CliContext context, byte[] bytes, string path, ComputeGraph graph, Tensor images, int[] labels, int batchSize)
    {
        using var ort = context.Services.CreateOrtRunner(OnnxModelRewriter.WithSymbolicBatch(bytes, path), path, allowSpinning: false);
        string input = graph.Inputs[0].Name, output = graph.Outputs[0].Name;
        int correct = 0;
        for (int first = 0; first < labels.Length; first += batchSize)
        {
            int n = Math.Min(batchSize, labels.Length - first);
            var scores = ort.Run(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [input] = AccuracyOverTime.Slice(images, first, n) })[output];
            correct += AccuracyOverTime.CountCorrect(scores, labels.AsSpan(first, n));
        }

        return (double)correct / labels.Length;
    }
}
