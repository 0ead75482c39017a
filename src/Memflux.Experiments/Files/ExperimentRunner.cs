using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Cost;
using Memflux.Graph.Passes;
using Memflux.Onnx;

namespace Memflux.Experiments;

/// <summary>Runs an <see cref="Experiment"/>: verification, accuracy over time, cost estimate, each when asked.</summary>
public static class ExperimentRunner
{
    /// <summary>The tolerance the verification step uses (max relative error), as <c>memflux verify</c>'s default.</summary>
    public const double VerifyTolerance = 1e-4;

    /// <summary>
    /// Runs <paramref name="experiment"/>; <paramref name="progress"/> sees each evaluation step; <paramref name="report"/>
    /// adds what the HTML report shows (<see cref="AnalogEvalReport.ForReport"/>, the estimate's busy intervals);
    /// <paramref name="reuse"/> lends the accuracy evaluation what earlier runs of the process prepared (a sweep's points).
    /// </summary>
    public static ExperimentResult Run(IExperimentHost host, Experiment experiment, ExperimentRecord record, Action<EvaluationProgress>? progress = null, bool report = false, EvaluationReuse? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(experiment);
        var verification = experiment.Metrics.VerifyModel is { } verify
            ? ModelVerifier.Verify(host, BundledModels.ResolveModelPath(verify), new ImportOptions { BatchSize = 1, Pipeline = PassPipeline.Default }, seed: 0, VerifyTolerance)
            : null;
        var accuracy = experiment.Metrics.Accuracy ? AnalogEvaluation.Evaluate(host, Request(experiment) with { Report = report }, progress, reuse) : null;
        var estimate = experiment.Metrics.Estimate
            ? CostEstimation.Estimate(host, experiment.Model, ChipPresets.Resolve(experiment.Hardware), experiment.Metrics.EstimateBatch, chips: experiment.Chips, options: new SimulationOptions(RecordTrace: report))
            : null;
        return new ExperimentResult(experiment, record, verification, accuracy, estimate);
    }

    /// <summary>The evaluation request an experiment makes.</summary>
    internal static AnalogEvalRequest Request(Experiment e)
    {
        var i = e.Inputs;
        var import = i.Dataset is null
            ? new ImportOptions { BatchSize = i.Batch ?? 1, OverrideStaticBatch = i.Batch is not null, Pipeline = PassPipeline.Default }
            : null;
        return new AnalogEvalRequest(
            e.Model, i.Dataset, i.DataDirectory, e.Device.PresetName, e.TimesSeconds, e.Seeds, e.FirstSeed, i.BatchSize, i.Limit,
            e.Device.DriftCompensation, null, e.Metrics.Attribution, e.Hardware, i.Path, i.Labels, import, i.Random)
        {
            PresetValues = e.Device.Preset,
            HardwareChips = e.Chips,
        };
    }
}
