using Memflux.Data;
using Memflux.Graph;
using Memflux.Graph.Execution;
using Memflux.Numerics;

namespace Memflux.Chip.Analog;

/// <summary>
/// Fidelity of analog chips to the digital reference over their lifetime, on a user's <see cref="SampleSet"/>: each of
/// N independently programmed chips is read at every time in order, and every feed runs through the analog executor;
/// the same feed's outputs from the <see cref="ReferenceExecutor"/> on the same graph, computed once, are the reference
/// for every chip, time and later evaluation (e.g. error attribution). Per output and time it reports, over chips,
/// top-1 agreement, normalized RMS error, cosine similarity and SNR (<see cref="FidelityMetrics"/>), and with labels
/// top-1 and top-5 accuracy (<see cref="LabelAccuracy"/>). Feeds may hold any number of inputs of any element type;
/// only the Conv/Gemm/MatMul nodes that <see cref="AnalogMapping"/> puts on crossbars run analog. Every random draw is
/// keyed by (seed, matrix, tile, read, call), so results do not depend on the thread count.
/// </summary>
public sealed class FidelityEvaluator
{
    private readonly Func<IReadOnlyDictionary<string, TensorShape>, ComputeGraph> _importFor;
    private readonly Dictionary<string, ComputeGraph> _graphs = new(StringComparer.Ordinal);
    private readonly ComputeGraph[] _feedGraphs;
    private IReadOnlyDictionary<string, Tensor>[]? _reference;
    private long[][]? _labelsPerFeed;
    private string? _labelledOutput;
    private string? _unusedClassesNote;
    private double? _referenceTop1;
    private double? _referenceTop5;

    /// <summary>
    /// Prepares an evaluation of <paramref name="samples"/>; <paramref name="importFor"/> imports the model for a feed's
    /// input shapes (by input name), and is called once per distinct set of shapes.
    /// </summary>
    public FidelityEvaluator(Func<IReadOnlyDictionary<string, TensorShape>, ComputeGraph> importFor, SampleSet samples)
    {
        ArgumentNullException.ThrowIfNull(importFor);
        ArgumentNullException.ThrowIfNull(samples);
        _importFor = importFor;
        Samples = samples;
        _feedGraphs = [.. samples.Feeds.Select(GraphFor)];
        Graph = _feedGraphs[0];
        SampleCount = samples.Feeds.Sum(FeedSamples);
    }

    /// <summary>The sample set evaluated.</summary>
    public SampleSet Samples { get; }

    /// <summary>The graph at the first feed's shapes (chips are mapped from it).</summary>
    public ComputeGraph Graph { get; }

    /// <summary>The first graph input's first dimension summed over the feeds.</summary>
    public int SampleCount { get; }

    /// <summary>Upper bound on the chips' worker threads (null: one per processor); results never depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>The output the labels score (first with a class axis), or null without labels; known after the reference ran.</summary>
    public string? LabelledOutput => _labelledOutput;

    /// <summary>
    /// The note when the labelled output scores more classes than the labels use (<see cref="LabelAccuracy.UnusedClassesNote"/>),
    /// or null; known after the reference ran. Labels outside the output's classes are an error when the reference runs.
    /// </summary>
    public string? UnusedClassesNote => _unusedClassesNote;

    /// <summary>The digital reference's outputs for feed <paramref name="feed"/> (computing them all on first use).</summary>
    public IReadOnlyDictionary<string, Tensor> ReferenceOutputs(int feed) => Reference(null, 0)[feed];

    /// <summary>The digital reference's top-1 accuracy on the labels (null without labels).</summary>
    public double? ReferenceTop1Accuracy
    {
        get
        {
            Reference(null, 0);
            return _referenceTop1;
        }
    }

    /// <summary>Evaluates chips of <paramref name="preset"/> programmed with seeds <paramref name="seed"/>, seed + 1, ….</summary>
    public FidelityEvaluation Evaluate(AnalogPreset preset, ulong seed, IReadOnlyList<double> timesSeconds, int chips, Action<EvaluationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        return Evaluate((graph, c) => AnalogChip.Create(graph, preset, seed + (ulong)c), timesSeconds, chips, progress);
    }

    /// <summary>
    /// Evaluates chips that <paramref name="createChip"/> makes from <see cref="Graph"/> and the chip's index (e.g. a chip
    /// loaded from an image); times are chip times, increasing, and must not precede a chip's own. Progress counts the
    /// reference runs (chip −1) the first time, then one step per feed on each chip at each time.
    /// </summary>
    public FidelityEvaluation Evaluate(Func<ComputeGraph, int, AnalogChip> createChip, IReadOnlyList<double> timesSeconds, int chips, Action<EvaluationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(createChip);
        ArgumentNullException.ThrowIfNull(timesSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(chips, 1);
        for (int i = 1; i < timesSeconds.Count; i++)
        {
            if (!(timesSeconds[i] > timesSeconds[i - 1]))
            {
                throw new MemfluxException($"times must increase: {timesSeconds[i - 1]} s is followed by {timesSeconds[i]} s.");
            }
        }

        var feeds = Samples.Feeds;
        int referenceSteps = _reference is null ? feeds.Count : 0;
        int totalSteps = referenceSteps + (chips * timesSeconds.Count * feeds.Count);
        var reference = Reference(progress, totalSteps);
        var outputs = Graph.Outputs;
        var metrics = new FidelityMetrics[timesSeconds.Count, chips, outputs.Count];
        var accuracy = _labelsPerFeed is null ? null : new LabelAccuracy[timesSeconds.Count, chips];
        int steps = referenceSteps;
        (IReadOnlyList<AnalogLayerSummary> Layers, IReadOnlyList<DigitalNode> Digital)? mapping = null;
        for (int c = 0; c < chips; c++)
        {
            var chip = createChip(Graph, c);
            mapping ??= ([.. chip.Layers.Select(l => new AnalogLayerSummary(l.Key, l.OpType, l.Description, l.Inputs, l.Outputs, l.WeightCount))], chip.DigitalNodes);
            if (MaxDegreeOfParallelism is int threads)
            {
                chip.MaxDegreeOfParallelism = threads;
            }

            var executors = new Dictionary<ComputeGraph, AnalogExecutor>();
            for (int t = 0; t < timesSeconds.Count; t++)
            {
                chip.AdvanceTo(timesSeconds[t]);
                for (int o = 0; o < outputs.Count; o++)
                {
                    metrics[t, c, o] = new FidelityMetrics();
                }

                var labelled = accuracy is null ? null : accuracy[t, c] = new LabelAccuracy();
                int done = 0;
                for (int f = 0; f < feeds.Count; f++)
                {
                    var graph = _feedGraphs[f];
                    if (!executors.TryGetValue(graph, out var executor))
                    {
                        executor = executors[graph] = new AnalogExecutor(graph, chip);
                    }

                    var actual = executor.Run(feeds[f]);
                    for (int o = 0; o < outputs.Count; o++)
                    {
                        metrics[t, c, o].Add(actual[outputs[o].Name], reference[f][outputs[o].Name]);
                    }

                    labelled?.Add(actual[_labelledOutput!], _labelsPerFeed![f]);
                    done += FeedSamples(feeds[f]);
                    progress?.Invoke(new EvaluationProgress(c, t, done, ++steps, totalSteps));
                }
            }
        }

        return Summarize(timesSeconds, chips, metrics, accuracy, mapping!.Value.Layers, mapping.Value.Digital);
    }

    /// <summary>Per-layer output error of <paramref name="chip"/> against the reference on the first feed.</summary>
    public IReadOnlyList<LayerError> LayerErrorsOnFirstFeed(AnalogChip chip) => LayerErrors.Measure(_feedGraphs[0], chip, Samples.Feeds[0]);

    private FidelityEvaluation Summarize(IReadOnlyList<double> timesSeconds, int chips, FidelityMetrics[,,] metrics, LabelAccuracy[,]? accuracy, IReadOnlyList<AnalogLayerSummary> layers, IReadOnlyList<DigitalNode> digital)
    {
        var outputs = Graph.Outputs;
        var times = new List<TimedFidelity>(timesSeconds.Count);
        for (int t = 0; t < timesSeconds.Count; t++)
        {
            var perOutput = new List<OutputFidelity>(outputs.Count);
            for (int o = 0; o < outputs.Count; o++)
            {
                MetricSummary Over(Func<FidelityMetrics, double> metric)
                {
                    var values = new double[chips];
                    for (int c = 0; c < chips; c++)
                    {
                        values[c] = metric(metrics[t, c, o]);
                    }

                    return MetricSummary.Of(values);
                }

                var agreement = metrics[t, 0, o].Top1Agreement is null ? null : Over(m => m.Top1Agreement!.Value);
                perOutput.Add(new OutputFidelity(outputs[o].Name, agreement, Over(m => m.NormalizedRmsError), Over(m => m.CosineSimilarity), Over(m => m.SnrDecibels)));
            }

            MetricSummary? Accuracy(Func<LabelAccuracy, double> metric)
            {
                if (accuracy is null)
                {
                    return null;
                }

                var values = new double[chips];
                for (int c = 0; c < chips; c++)
                {
                    values[c] = metric(accuracy[t, c]);
                }

                return MetricSummary.Of(values);
            }

            times.Add(new TimedFidelity(timesSeconds[t], perOutput, Accuracy(a => a.Top1), Accuracy(a => a.Top5)));
        }

        var firstReference = Reference(null, 0)[0];
        var evaluated = outputs.Select(o =>
        {
            var tensor = firstReference[o.Name];
            return new EvaluatedOutput(o.Name, tensor.Type, tensor.Shape, FidelityMetrics.HasClassAxis(tensor.Shape) ? tensor.Shape[^1] : null);
        }).ToList();
        return new FidelityEvaluation(Samples.Feeds.Count, SampleCount, evaluated, _labelledOutput, _referenceTop1, _referenceTop5, layers, digital, times);
    }

    /// <summary>Runs the reference on every feed once, and checks the labels against the labelled output's rows.</summary>
    private IReadOnlyDictionary<string, Tensor>[] Reference(Action<EvaluationProgress>? progress, int totalSteps)
    {
        if (_reference is not null)
        {
            return _reference;
        }

        var feeds = Samples.Feeds;
        var executors = new Dictionary<ComputeGraph, ReferenceExecutor>();
        var reference = new IReadOnlyDictionary<string, Tensor>[feeds.Count];
        int done = 0;
        for (int f = 0; f < feeds.Count; f++)
        {
            var graph = _feedGraphs[f];
            if (!executors.TryGetValue(graph, out var executor))
            {
                executor = executors[graph] = new ReferenceExecutor(graph);
            }

            var outputs = executor.Run(feeds[f]);
            reference[f] = graph.Outputs.ToDictionary(o => o.Name, o => outputs[o.Name], StringComparer.Ordinal);
            done += FeedSamples(feeds[f]);
            progress?.Invoke(new EvaluationProgress(-1, 0, done, f + 1, totalSteps));
        }

        if (Samples.Labels is { } labels)
        {
            SplitLabels(labels, reference);
        }

        _reference = reference;
        return reference;
    }

    private void SplitLabels(long[] labels, IReadOnlyDictionary<string, Tensor>[] reference)
    {
        var output = Graph.Outputs.FirstOrDefault(o => FidelityMetrics.HasClassAxis(reference[0][o.Name].Shape))
            ?? throw new MemfluxException($"{Samples.Source}: labels were given, but no output of {Graph.SourceLabel} has a class axis (a last dimension > 1): {string.Join(", ", Graph.Outputs.Select(o => $"'{o.Name}' {reference[0][o.Name].Shape}"))}.");
        var rows = reference.Select(r => r[output.Name].Length / r[output.Name].Shape[^1]).ToArray();
        int total = rows.Sum();
        if (total != labels.Length)
        {
            throw new MemfluxException($"{Samples.Source}: {labels.Length} labels, but output '{output.Name}' has {total} rows of class scores over the {rows.Length} feed(s) (one label per row expected).");
        }

        LabelAccuracy.CheckRange(labels, reference[0][output.Name].Shape[^1], $"{Samples.Source}, output '{output.Name}'");
        _unusedClassesNote = LabelAccuracy.UnusedClassesNote(labels, reference[0][output.Name].Shape[^1], $"{Samples.Source}, output '{output.Name}'");
        var perFeed = new long[reference.Length][];
        var top = new LabelAccuracy();
        for (int f = 0, offset = 0; f < reference.Length; offset += rows[f], f++)
        {
            perFeed[f] = labels.AsSpan(offset, rows[f]).ToArray();
            top.Add(reference[f][output.Name], perFeed[f]);
        }

        _labelledOutput = output.Name;
        _labelsPerFeed = perFeed;
        _referenceTop1 = top.Top1;
        _referenceTop5 = top.Top5;
    }

    private int FeedSamples(IReadOnlyDictionary<string, Tensor> feed) =>
        Graph.Inputs.Count > 0 && feed.TryGetValue(Graph.Inputs[0].Name, out var t) && t.Shape.Rank > 0 ? t.Shape[0] : 1;

    private ComputeGraph GraphFor(IReadOnlyDictionary<string, Tensor> feed)
    {
        string key = string.Join(";", feed.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{p.Value.Shape}"));
        if (!_graphs.TryGetValue(key, out var graph))
        {
            graph = _graphs[key] = _importFor(feed.ToDictionary(p => p.Key, p => p.Value.Shape, StringComparer.Ordinal));
        }

        return graph;
    }
}
