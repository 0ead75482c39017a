using System.Collections.Concurrent;
using System.Reflection;
using Memflux.Chip.Analog;
using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Cost;
using Memflux.Experiments;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Sweeps;

/// <summary>
/// Sweep points as experiments: each point's configuration is an experiment file's content, validated by
/// <see cref="ExperimentFile"/> (so a bad axis value fails before anything runs, naming its field), run by
/// <see cref="ExperimentRunner"/>, and its result turned into the figures the database keeps (<see cref="Figures"/>).
/// A point that asks only for the cost estimate reuses what the fields it changed do not affect (<see cref="Estimate"/>),
/// and such points may run in parallel (<see cref="Parallelism"/>); accuracy points run one at a time and reuse the
/// data, imports, reference and programmed chips of earlier points (<see cref="Reuse"/>, best in <see cref="InRunOrder"/>),
/// and their estimate from the same cache as cost-only points.
/// </summary>
/// <param name="host">Where notes and steps go, and the reference runtime.</param>
/// <param name="source">The sweep file, for messages.</param>
/// <param name="folder">The sweep file's folder: relative paths in the experiment are relative to it.</param>
public sealed class ExperimentPoints(IExperimentHost host, string source, string folder)
{
    /// <summary>
    /// Experiment fields whose keys are themselves dotted paths: an axis path that runs into one keeps the rest as a
    /// single key (<c>device.overrides.tiles.adc.bits</c> sets the override <c>tiles.adc.bits</c>).
    /// </summary>
    public static IReadOnlyList<string> DottedKeyFields { get; } = ["device.overrides"];

    /// <summary>The version a point's id includes: the Memflux build's informational version (with its commit).</summary>
    public static string MemfluxVersion { get; } =
        typeof(ExperimentPoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// How many points may run at once: every core when each point resolved so far asks only for the cost estimate
    /// (a point is then a single-threaded compile and simulation), else one (an accuracy point uses every core itself).
    /// </summary>
    public int Parallelism => Volatile.Read(ref _accuracyPoints) == 0 ? Environment.ProcessorCount : 1;

    /// <summary>
    /// Validates a point's canonical configuration (<see cref="SweepSpec.ExpandValidated"/>); returns what running it
    /// needs: for an estimate-only point its cost configuration, which <see cref="Run"/> takes instead of parsing the
    /// configuration again; else null.
    /// </summary>
    public object? Validate(string canonicalConfig)
    {
        ArgumentNullException.ThrowIfNull(canonicalConfig);
        var experiment = ExperimentFile.Parse(canonicalConfig, source, folder);
        if (!CostOnly(experiment))
        {
            Interlocked.Increment(ref _accuracyPoints);
            return null;
        }

        // The model and hardware paths are the same few strings for every point: keep one copy of each.
        return new CostKey(Interned(experiment.Model), experiment.Metrics.EstimateBatch, Interned(experiment.Hardware), experiment.Chips);
    }

    /// <summary>Runs one point and returns its figures. Safe to call from several threads.</summary>
    public IReadOnlyList<SweepFigure> Run(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Resolved is CostKey key)
        {
            return EstimateFigures(key);
        }

        var experiment = ExperimentFile.Parse(point.Config, source, folder);
        if (CostOnly(experiment))
        {
            return EstimateFigures(KeyOf(experiment));
        }

        // One accuracy point at a time (Parallelism is 1 once one is resolved): the reuse holds one evaluation's state.
        lock (Reuse)
        {
            var result = ExperimentRunner.Run(host, experiment with { Metrics = experiment.Metrics with { Estimate = false } }, new ExperimentRecord(null, point.Config), reuse: Reuse);
            var accuracy = Figures(result with { Experiment = experiment, Estimate = null });
            return experiment.Metrics.Estimate ? [.. accuracy, .. EstimateFigures(KeyOf(experiment))] : accuracy;
        }
    }

    /// <summary>
    /// What accuracy points reuse from earlier points of this sweep: the data, imports and digital reference, and the
    /// programmed chips (<see cref="EvaluationReuse"/>); its counters say how much was reused.
    /// </summary>
    public EvaluationReuse Reuse { get; } = new();

    /// <summary>
    /// The points in the order to run them: accuracy points that share their data and programmed chips next to one
    /// another (<see cref="EvaluationReuse.OrderKey"/>; groups in order of first appearance, index order within), so
    /// that the one programmed chip set kept serves every point that can use it; cost-only sweeps as given. Each point
    /// is still recorded by its index and id, so the order changes what is reused, never a result.
    /// </summary>
    public IReadOnlyList<SweepPoint> InRunOrder(IReadOnlyList<SweepPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (Volatile.Read(ref _accuracyPoints) == 0)
        {
            return points;
        }

        return [.. points.GroupBy(OrderKey, StringComparer.Ordinal).SelectMany(g => g)];
    }

    /// <summary>A point's <see cref="EvaluationReuse.OrderKey"/>; a point whose key cannot be computed keeps its own (it fails when it runs, as before).</summary>
    private string OrderKey(SweepPoint point)
    {
        try
        {
            return EvaluationReuse.OrderKey(ExperimentFile.Parse(point.Config, source, folder)) ?? "";
        }
        catch (MemfluxException)
        {
            return point.Id;
        }
    }

    private string Interned(string name) => _names.GetOrAdd(name, name);

    private static CostKey KeyOf(Experiment experiment) =>
        new(experiment.Model, experiment.Metrics.EstimateBatch, experiment.Hardware, experiment.Chips);

    /// <summary>
    /// The figures of the estimate of a cost configuration (<see cref="AddEstimate"/>), computed once per configuration
    /// (up to <see cref="MaxEstimates"/>). Only the figures are kept: the estimate itself (its compiled system, timing
    /// and energy, about 0.3 MB a point) is dropped at once, so that a sweep of distinct configurations neither holds
    /// thousands of them nor makes each garbage collection copy them out of the young generation.
    /// </summary>
    private SweepFigure[] EstimateFigures(CostKey key)
    {
        return _estimates.TryGetValue(key, out var known) ? known.Value
            : _estimates.Count < MaxEstimates ? _estimates.GetOrAdd(key, k => new Lazy<SweepFigure[]>(() => Compute(k))).Value
            : Compute(key);

        SweepFigure[] Compute(CostKey k)
        {
            var figures = new List<SweepFigure>(EstimateFigureCount);
            AddEstimate(figures, Estimate(k));
            return [.. figures];
        }
    }

    /// <summary>A point that asks only for the cost estimate (no accuracy, no verification).</summary>
    private static bool CostOnly(Experiment experiment) =>
        experiment.Metrics is { Estimate: true, Accuracy: false, VerifyModel: null };

    /// <summary>
    /// The estimate of a cost configuration. Each part is computed once and reused by every point that shares it: the
    /// network profile per (model, batch) (import, shape inference, default passes, layer profiles), the chip model per
    /// hardware spec, the dataflow simulation and closed form per set of timing inputs (<see cref="TimingCache"/>); the
    /// compile, placement and energy then run for each (model, batch, hardware, chips), the only fields the estimate reads.
    /// </summary>
    private CostEstimate Estimate(CostKey key)
    {
        var profile = Profile(key.Model, key.Batch);
        var chip = _chips.GetOrAdd(key.Hardware, h => new Lazy<ChipModel>(() => new ChipModel(ChipPresets.Resolve(h)))).Value;
        return CostEstimator.Estimate(profile, chip, key.Batch, chips: key.Chips, timings: _timings);
    }

    /// <summary>
    /// A point's cost estimate for balancing shards (<see cref="PointCost"/>: its model's MACs per image, from the
    /// network profile at batch 1, times the images its metrics run). Every shard computes the same from the same file.
    /// </summary>
    public double EstimatedCost(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var experiment = ExperimentFile.Parse(point.Config, source, folder);
        return PointCost.Of(experiment, Profile(experiment.Model, 1).MacsPerImage);
    }

    private NetworkProfile Profile(string model, int batch) =>
        _profiles.GetOrAdd((model, batch), k => new Lazy<NetworkProfile>(() => NetworkProfileBuilder.Build(
            OnnxImporter.Load(k.Model, new ImportOptions { BatchSize = k.Batch, OverrideStaticBatch = true, Pipeline = PassPipeline.Default }), k.Batch))).Value;

    /// <summary>Estimates whose figures are remembered at most (a million-point sweep of distinct chips must not keep every one).</summary>
    private const int MaxEstimates = 4096;

    private readonly record struct CostKey(string Model, int Batch, string Hardware, ChipCount? Chips);

    private readonly ConcurrentDictionary<(string Model, int Batch), Lazy<NetworkProfile>> _profiles = new();

    private readonly ConcurrentDictionary<string, Lazy<ChipModel>> _chips = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<CostKey, Lazy<SweepFigure[]>> _estimates = new();

    // Chips that differ only where the timing does not look (ADC bits, tile width beyond the layers) share one simulation.
    private readonly TimingCache _timings = new();

    private int _accuracyPoints;

    /// <summary>
    /// The figures of a result: per time, <c>accuracy</c> (top-1, with its 95% interval over chips, when labelled) and,
    /// for the first output, <c>top1_agreement</c>, <c>nrmse</c>, <c>cosine</c> and <c>snr_db</c> against the digital
    /// reference; <c>reference_accuracy</c>; and from the estimate <c>latency_s</c>, <c>throughput_ips</c>,
    /// <c>energy_per_inference_j</c>, <c>power_w</c>, <c>area_mm2</c>, <c>tops_per_watt</c>, <c>chips</c>,
    /// <c>digital_baseline_energy_j</c> and <c>digital_baseline_ratio</c>.
    /// </summary>
    public static IReadOnlyList<SweepFigure> Figures(ExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var figures = new List<SweepFigure>();
        if (result.Accuracy is { } accuracy)
        {
            if (accuracy.ReferenceAccuracy is { } reference)
            {
                figures.Add(new SweepFigure("reference_accuracy", null, reference));
            }

            foreach (var at in accuracy.Fidelity.Times)
            {
                Add(figures, "accuracy", at.TimeSeconds, at.Top1Accuracy);
                if (at.Outputs.Count > 0)
                {
                    var first = at.Outputs[0];
                    Add(figures, "top1_agreement", at.TimeSeconds, first.Top1Agreement);
                    Add(figures, "nrmse", at.TimeSeconds, first.NormalizedRmsError);
                    Add(figures, "cosine", at.TimeSeconds, first.CosineSimilarity);
                    Add(figures, "snr_db", at.TimeSeconds, first.SnrDecibels);
                }
            }
        }

        if (result.Estimate is { } e)
        {
            AddEstimate(figures, e);
        }

        return figures;
    }

    /// <summary>The figures <see cref="AddEstimate"/> adds.</summary>
    private const int EstimateFigureCount = 9;

    /// <summary>The estimate's figures, in the order <see cref="Figures"/> lists them.</summary>
    private static void AddEstimate(List<SweepFigure> figures, CostEstimate e)
    {
        figures.Add(new SweepFigure("latency_s", null, e.Timing.LatencyNs * 1e-9));
        figures.Add(new SweepFigure("throughput_ips", null, e.Timing.ThroughputIps));
        figures.Add(new SweepFigure("energy_per_inference_j", null, e.EnergyPerInferenceJ));
        figures.Add(new SweepFigure("power_w", null, e.PowerW));
        figures.Add(new SweepFigure("area_mm2", null, e.AreaMm2));
        figures.Add(new SweepFigure("tops_per_watt", null, e.TopsPerWatt));
        figures.Add(new SweepFigure("chips", null, e.Chips));
        figures.Add(new SweepFigure("digital_baseline_energy_j", null, e.Baseline.EnergyJ));
        figures.Add(new SweepFigure("digital_baseline_ratio", null, e.BaselineRatio));
    }

    private static void Add(List<SweepFigure> figures, string name, double time, MetricSummary? metric)
    {
        if (metric is not null)
        {
            bool interval = double.IsFinite(metric.Ci95);
            figures.Add(new SweepFigure(name, time, metric.Mean, interval ? metric.Mean - metric.Ci95 : null, interval ? metric.Mean + metric.Ci95 : null));
        }
    }
}
