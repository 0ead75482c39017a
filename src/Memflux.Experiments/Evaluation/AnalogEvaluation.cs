using Memflux.Chip;
using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Chip.Image;
using Memflux.Cost;
using Memflux.Data;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>
/// What <c>memflux eval</c> was asked: a bundled <paramref name="Dataset"/> (IDX, in batches of
/// <paramref name="BatchSize"/>) or the user's <paramref name="Inputs"/> (read by <see cref="InputSources"/> at the
/// shapes <paramref name="Import"/> fixes, with optional <paramref name="Labels"/>).
/// </summary>
internal sealed record AnalogEvalRequest(
    string Model,
    string? Dataset,
    string? DataRoot,
    string Preset,
    IReadOnlyList<double> TimesSeconds,
    int Chips,
    ulong Seed,
    int BatchSize,
    int? Limit,
    bool? DriftCompensation = null,
    string? Chip = null,
    bool Attribute = false,
    string? Hardware = null,
    string? Inputs = null,
    string? Labels = null,
    ImportOptions? Import = null,
    int? RandomInputs = null,
    bool Report = false)
{
    /// <summary>What the report names as the inputs: the --inputs path, or the random samples.</summary>
    public string? InputsLabel => RandomInputs is not null ? $"random samples, seed {InputGenerator.RandomInputsSeed}" : Inputs;

    /// <summary>The preset's values when they differ from the named preset's (an experiment file's overrides); null: <see cref="AnalogPreset.Get"/> of <see cref="Preset"/>.</summary>
    public AnalogPreset? PresetValues { get; init; }

    /// <summary>How many chips of <see cref="Hardware"/> the energy per inference is estimated on (null: the spec's system section, else one).</summary>
    public ChipCount? HardwareChips { get; init; }
}

/// <summary>What <c>memflux eval</c> reports.</summary>
/// <param name="Model">The model evaluated.</param>
/// <param name="Source">The dataset's name or the --inputs path.</param>
/// <param name="FromDataset">True for a bundled dataset, false for --inputs.</param>
/// <param name="Preset">The analog preset's name.</param>
/// <param name="DriftCompensation">none, global or per-column.</param>
/// <param name="TileRows">Crossbar rows.</param>
/// <param name="TileColumns">Crossbar columns.</param>
/// <param name="Chips">Independently programmed chips.</param>
/// <param name="Seed">The first chip's seed.</param>
/// <param name="ReferenceAccuracy">Top-1 accuracy of the reference: ONNX Runtime's on a dataset, the reference executor's on labelled inputs; null without labels.</param>
/// <param name="ReferenceName">Which reference <paramref name="ReferenceAccuracy"/> comes from.</param>
/// <param name="Fidelity">The metrics per time (accuracy when labelled, fidelity to the reference always) and the layout.</param>
/// <param name="Notes">What the input reader decided (conversions, defaults), one line each.</param>
/// <param name="Attribution">Error attribution at the last time, when asked.</param>
/// <param name="Seconds">Wall time of the evaluation.</param>
/// <param name="Energy">With --hw: energy per inference on that chip from the evaluated activations beside the worst case.</param>
/// <param name="ForReport">What the HTML report adds (when the request asked for a report).</param>
public sealed record AnalogEvalReport(
    string Model,
    string Source,
    bool FromDataset,
    string Preset,
    string DriftCompensation,
    int TileRows,
    int TileColumns,
    int Chips,
    ulong Seed,
    double? ReferenceAccuracy,
    string ReferenceName,
    FidelityEvaluation Fidelity,
    IReadOnlyList<string> Notes,
    FidelityAttributionResult? Attribution,
    double Seconds,
    DataDependentEnergy? Energy = null,
    ReportMeasurements? ForReport = null)
{
    /// <summary>Samples evaluated.</summary>
    public int Samples => Fidelity.Samples;

    /// <summary>Weights on crossbars.</summary>
    public long AnalogWeights => Fidelity.AnalogLayers.Sum(l => l.Weights);
}

/// <summary>
/// Analog chips of a preset over time on a bundled dataset or the user's inputs (<see cref="FidelityEvaluator"/>):
/// accuracy when there are labels, fidelity to the digital reference on the same inputs always. On a bundled dataset
/// the reference accuracy beside it is ONNX Runtime's on the same images.
/// </summary>
internal static class AnalogEvaluation
{
    /// <summary>The name reports give the reference executor.</summary>
    public const string MemfluxReference = "Memflux reference executor";

    /// <summary>
    /// Evaluates <paramref name="request"/>; with <paramref name="reuse"/> (a sweep's points), the data and programmed
    /// devices that earlier evaluations prepared are reused where they fit (<see cref="EvaluationReuse"/>).
    /// </summary>
    public static AnalogEvalReport Evaluate(IExperimentHost context, AnalogEvalRequest request, Action<EvaluationProgress>? progress, EvaluationReuse? reuse = null)
    {
        var image = request.Chip is null ? null : context.Step($"Loading chip image {request.Chip}", _ => ChipImage.Load(request.Chip));
        reuse = image is null ? reuse : null;
        var preset = Preset(request, image);
        if (image is not null)
        {
            CheckStoredChip(context, image, request);
        }

        string model = image?.ModelName ?? request.Model;
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var data = reuse is null
            ? Prepare(context, request, image, model, null)
            : reuse.Data(EvaluationReuse.DataKey(request), () => Prepare(context, request, null, model, reuse));
        if (data.ReferenceNote is { } referenceNote)
        {
            context.Note(referenceNote);
        }

        var (evaluator, ortAccuracy) = (data.Evaluator, data.ReferenceAccuracy);
        var samples = evaluator.Samples;
        foreach (string note in samples.Notes)
        {
            context.Note($"note: {note}");
        }

        ulong seed = image?.Seed ?? request.Seed;
        Func<ComputeGraph, int, AnalogChip> createChip = image is not null ? (graph, _) => image.CreateChip(graph)
            : reuse is not null ? reuse.Chips(request.Model, preset, seed)
            : (graph, c) => AnalogChip.Create(graph, preset, seed + (ulong)c);
        var collector = new GarbageCollector();
        (createChip, progress) = (collector.Wrap(createChip), collector.Wrap(progress));
        if (Environment.GetEnvironmentVariable(PhaseTimes.Variable) == "1")
        {
            var phases = new PhaseTimes(context, start);
            (createChip, progress) = (phases.Wrap(createChip), phases.Wrap(progress));
        }

        var activity = new ActivityHarvest();
        if (request.Hardware is not null)
        {
            createChip = activity.Wrap(createChip);
        }

        var fidelity = evaluator.Evaluate(createChip, request.TimesSeconds, request.Chips, progress);
        var energy = request.Hardware is null ? null
            : context.Step($"Energy on {request.Hardware} from the evaluated activations", _ => activity.Energy(Estimator(request, reuse)));
        if (request.Dataset is null && evaluator.UnusedClassesNote is { } classesNote)
        {
            context.Note(classesNote); // --inputs with --labels; a dataset's was noted with ONNX Runtime's reference
        }

        var attribution = request.Attribute
            ? context.Step("Error attribution", status => FidelityAttribution.Attribute(evaluator, preset, request.TimesSeconds[^1], request.Chips, seed, status))
            : null;
        bool compensated = preset.Tiles.DriftCompensation != Tiles.DriftCompensation.None;
        var forReport = request.Report
            ? ReportMeasurements.Measure(context, evaluator, () => createChip(evaluator.Graph, 0), request.TimesSeconds, attribution,
                image is null ? () => evaluator.Evaluate(preset.WithDriftCompensation(!compensated), seed, request.TimesSeconds, request.Chips) : null, !compensated)
            : null;
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new AnalogEvalReport(
            model, request.InputsLabel ?? request.Dataset!, request.Dataset is not null, preset.Name, preset.Tiles.DriftCompensation.ToString().ToLowerInvariant(), preset.Tiles.Rows, preset.Tiles.Columns,
            request.Chips, seed, ortAccuracy ?? fidelity.ReferenceTop1Accuracy, ortAccuracy is null ? MemfluxReference : context.ReferenceRuntimeName, fidelity, samples.Notes, attribution, seconds, energy, forReport);
    }

    /// <summary>The estimate the evaluated energy rescales: on the request's hardware and chips, shared through <paramref name="reuse"/> by points with the same data.</summary>
    private static Func<ComputeGraph, int, CostEstimate> Estimator(AnalogEvalRequest request, EvaluationReuse? reuse)
    {
        var spec = ChipPresets.Resolve(request.Hardware!);
        return reuse is null
            ? (graph, batch) => CostEstimator.Estimate(graph, batch, spec, request.HardwareChips)
            : (graph, batch) => reuse.Estimate(string.Join("\n", EvaluationReuse.DataKey(request), request.Hardware, request.HardwareChips), spec, () => CostEstimator.Estimate(graph, batch, spec, request.HardwareChips));
    }

    /// <summary>The preset chips are made of: the image's, else the request's values or named preset, with the request's drift compensation and tiles fitted to its hardware.</summary>
    internal static AnalogPreset Preset(AnalogEvalRequest request, ChipImage? image)
    {
        var preset = image?.Preset ?? request.PresetValues ?? AnalogPreset.Get(request.Preset);
        if (request.DriftCompensation is bool gdc)
        {
            preset = preset.WithDriftCompensation(gdc);
        }

        return request.Hardware is null ? preset : HardwareTiles.Fit(preset, ChipPresets.Resolve(request.Hardware));
    }

    /// <summary>The samples, the model imported for them, the digital reference's evaluator and ONNX Runtime's accuracy on a dataset.</summary>
    private static EvaluationData Prepare(IExperimentHost context, AnalogEvalRequest request, ChipImage? image, string model, EvaluationReuse? reuse)
    {
        var (samples, importFor, ortAccuracy, note) = request.Dataset is not null
            ? FromDataset(context, request, image?.ModelBytes ?? ModelFile.Read(request.Model), model, reuse)
            : FromInputs(context, request, image, model);
        return new EvaluationData(new FidelityEvaluator(importFor, samples), ortAccuracy, note);
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

    /// <summary>The bundled dataset's test images in batches, and ONNX Runtime's accuracy on them.</summary>
    private static (SampleSet Samples, Func<IReadOnlyDictionary<string, TensorShape>, ComputeGraph> ImportFor, double? Reference, string? Note) FromDataset(
        IExperimentHost context, AnalogEvalRequest request, byte[] bytes, string model, EvaluationReuse? reuse)
    {
        string root = DataDirectory.Resolve(request.DataRoot, Environment.CurrentDirectory);
        string directory = DataDirectory.Dataset(root, request.Dataset!, request.DataRoot is not null);
        Dataset Load() => context.Step($"Loading {directory} (test)", _ => Dataset.Load(directory, "test"));
        var data = reuse is null ? Load() : reuse.Dataset(directory, Load);
        int count = request.Limit is int limit ? Math.Min(limit, data.Count) : data.Count;
        var graph = OnnxImporter.Load(bytes, model, new ImportOptions { BatchSize = Math.Min(request.BatchSize, count), Pipeline = PassPipeline.Default });
        string input = graph.Inputs[0].Name;
        var samples = data.ToSampleSet(input, request.BatchSize, count);
        var (reference, note) = context.Step($"{context.ReferenceRuntimeName} reference on {count} images", _ => OrtAccuracy(context, bytes, model, graph, samples));
        ComputeGraph ImportFor(IReadOnlyDictionary<string, TensorShape> shapes) =>
            shapes[input][0] == graph.Inputs[0].Shape![0] ? graph : OnnxImporter.Load(bytes, model, new ImportOptions { BatchSize = shapes[input][0], Pipeline = PassPipeline.Default });
        return (samples, ImportFor, reference, note);
    }

    /// <summary>The user's inputs, read for the model at the shapes the command line (or the chip image) fixes.</summary>
    /// <remarks>
    /// A model file is imported from its path (weights read once, straight into their tensors) and again from it only if
    /// a run needs other shapes, so no copy of the file's bytes is held while the chip lives (434 MB for BERT-base).
    /// </remarks>
    private static (SampleSet Samples, Func<IReadOnlyDictionary<string, TensorShape>, ComputeGraph> ImportFor, double? Reference, string? Note) FromInputs(
        IExperimentHost context, AnalogEvalRequest request, ChipImage? image, string model)
    {
        var options = (image is not null ? null : request.Import) ?? new ImportOptions { BatchSize = 1 };
        options = options with { Pipeline = PassPipeline.Default };
        ComputeGraph Import(ImportOptions o) => image is not null ? OnnxImporter.Load(image.ModelBytes, model, o) : ModelFile.Import(request.Model, o);
        var graph = context.Step($"Importing {model}", _ => Import(options));
        var samples = request.RandomInputs is int n
            ? context.Step($"Drawing {n} random samples", _ => RandomSamples(graph, n, request.InputsLabel!))
            : context.Step($"Reading {request.Inputs}", _ => InputSources.Load(request.Inputs!, graph, new InputSourceOptions(request.Labels)));
        ComputeGraph ImportFor(IReadOnlyDictionary<string, TensorShape> shapes) =>
            graph.Inputs.All(i => shapes.TryGetValue(i.Name, out var s) && s.Equals(i.Shape)) ? graph
            : Import(options with { InputShapes = shapes.ToDictionary(p => p.Key, p => p.Value.Dimensions.ToArray(), StringComparer.Ordinal) });
        return (samples, ImportFor, null, null);
    }

    /// <summary><paramref name="samples"/> random samples in runs of the graph's batch (the first input's first dimension).</summary>
    private static SampleSet RandomSamples(ComputeGraph graph, int samples, string source)
    {
        int batch = graph.Inputs.Count > 0 && graph.Inputs[0].Shape is { Rank: > 0 } shape ? shape[0] : 1;
        if (samples % batch != 0)
        {
            throw new MemfluxException($"--random-inputs: {samples} samples do not make whole runs of the model's batch {batch} (input '{graph.Inputs[0].Name}' {graph.Inputs[0].Shape}); give a multiple of {batch} or set --batch.");
        }

        return InputGenerator.UniformRuns(graph, samples / batch, InputGenerator.RandomInputsSeed, source);
    }

    /// <summary>An image holds one chip at one time: one chip only, and no time before the chip's own.</summary>
    private static void CheckStoredChip(IExperimentHost context, ChipImage image, AnalogEvalRequest request)
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

    /// <summary>ONNX Runtime's top-1 accuracy on the dataset's samples, and the note when the labels leave classes unused.</summary>
    private static (double Accuracy, string? Note) OrtAccuracy(IExperimentHost context, byte[] bytes, string path, ComputeGraph graph, SampleSet samples)
    {
        using var ort = context.CreateReferenceRunner(OnnxModelRewriter.WithSymbolicBatch(bytes, path), path, allowSpinning: false);
        string output = graph.Outputs[0].Name;
        var accuracy = new LabelAccuracy();
        long[] labels = samples.Labels!;
        LabelAccuracy.CheckRange(labels, graph.Outputs[0].Shape![^1], $"{samples.Source}, output '{output}'");
        string? note = LabelAccuracy.UnusedClassesNote(labels, graph.Outputs[0].Shape![^1], $"{samples.Source}, output '{output}'");
        int first = 0;
        foreach (var feed in samples.Feeds)
        {
            var scores = ort.Run(feed)[output];
            int n = scores.Shape[0];
            accuracy.Add(scores, labels.AsSpan(first, n));
            first += n;
        }

        return (accuracy.Top1, note);
    }
}
