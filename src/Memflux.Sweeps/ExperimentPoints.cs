using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Cost;
using Memflux.Experiments;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Onnx;

namespace Memflux.Sweeps;

/// <summary>
/// Sweep points as experiments: each point's configuration is an experiment file's content, validated by
/// <see cref="ExperimentFile"/> (so a bad axis value fails before anything runs, naming its field), run by
/// <see cref="ExperimentRunner"/>, and its result turned into the figures the database keeps (<see cref="Figures"/>).
/// A point that asks only for the cost estimate reuses the imported graph of every (model, batch) it has seen, since the
/// cost model reads the graph and never changes it.
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

    /// <summary>Validates a resolved experiment; returns it unchanged (its canonical text is the point's identity).</summary>
    public JsonNode Resolve(JsonObject experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ExperimentFile.Parse(experiment.ToJsonString(), source, folder);
        return experiment;
    }

    /// <summary>Runs one point and returns its figures.</summary>
    public IReadOnlyList<SweepFigure> Run(SweepPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var experiment = ExperimentFile.Parse(point.Config, source, folder);
        var record = new ExperimentRecord(null, point.Config);
        var m = experiment.Metrics;
        if (m.Estimate && !m.Accuracy && m.VerifyModel is null)
        {
            var graph = _graphs.GetOrAdd((experiment.Model, m.EstimateBatch), key =>
                OnnxImporter.Load(key.Model, new ImportOptions { BatchSize = key.Batch, OverrideStaticBatch = true, Pipeline = PassPipeline.Default }));
            var estimate = CostEstimator.Estimate(graph, m.EstimateBatch, ChipPresets.Resolve(experiment.Hardware), experiment.Chips);
            return Figures(new ExperimentResult(experiment, record, null, null, estimate));
        }

        return Figures(ExperimentRunner.Run(host, experiment, record));
    }

    private readonly ConcurrentDictionary<(string Model, int Batch), ComputeGraph> _graphs = new();

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

        return figures;
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
