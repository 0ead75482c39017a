using Memflux.Chip;
using Memflux.Chip.Analog;
using Memflux.Cli.Infrastructure;
using Memflux.Data;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Cli.Analysis;

/// <summary>What <c>memflux eval</c> was asked.</summary>
internal sealed record AnalogEvalRequest(string Model, string Dataset, string? DataRoot, string Preset, IReadOnlyList<double> TimesSeconds, int Chips, ulong Seed, int BatchSize, int? Limit, bool? DriftCompensation = null, bool Attribute = false);

/// <summary>What <c>memflux eval</c> reports.</summary>
internal sealed record AnalogEvalReport(
    string Model,
    string Dataset,
    int Samples,
    string Preset,
    string DriftCompensation,
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
        var preset = AnalogPreset.Get(request.Preset);
        if (request.DriftCompensation is bool gdc)
        {
            preset = preset.WithDriftCompensation(gdc);
        }

        byte[] bytes = ModelFile.Read(request.Model);
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
        double reference = context.Step($"ONNX Runtime reference on {count} images", _ => ReferenceAccuracy(context, bytes, request.Model, images, labels, request.BatchSize));
        var mapped = OnnxImporter.Load(bytes, request.Model, new ImportOptions { BatchSize = Math.Min(request.BatchSize, count), Pipeline = PassPipeline.Default });
        var layout = AnalogMapping.Map(mapped);
        ComputeGraph Import(int n) => OnnxImporter.Load(bytes, request.Model, new ImportOptions { BatchSize = n, Pipeline = PassPipeline.Default });
        var results = AccuracyOverTime.Evaluate(Import, preset, images, labels, request.TimesSeconds, request.Chips, request.Seed, request.BatchSize, progress);
        var attribution = request.Attribute
            ? context.Step("Error attribution", status => AnalogAttribution.Attribute(Import, preset, images, labels, request.TimesSeconds[^1], request.Chips, request.Seed, request.BatchSize, reference, status))
            : null;
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new AnalogEvalReport(
            request.Model, request.Dataset, count, preset.Name, preset.Tiles.DriftCompensation.ToString().ToLowerInvariant(), request.Chips, request.Seed,
            layout.Layers.Count, layout.Layers.Sum(l => l.WeightCount), layout.DigitalNodes.Count, reference, results, attribution, seconds);
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

    private static double ReferenceAccuracy(CliContext context, byte[] bytes, string path, Tensor images, int[] labels, int batchSize)
    {
        using var ort = context.Services.CreateOrtRunner(OnnxModelRewriter.WithSymbolicBatch(bytes, path), path);
        var graph = OnnxImporter.Load(bytes, path, new ImportOptions { BatchSize = 1, Pipeline = PassPipeline.InferOnly });
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
