using Memflux.Cost;

namespace Memflux.Experiments;

/// <summary>
/// Everything one run produced, the one object the CLI's tables, <c>--json</c> and the report read.
/// </summary>
/// <param name="Experiment">What was run (validated, paths resolved).</param>
/// <param name="Record">Where it came from: the experiment file's text, for embedding in a report.</param>
/// <param name="Verification">The reference executor vs the reference runtime (null when not asked).</param>
/// <param name="Accuracy">Accuracy or fidelity over time (null when not asked).</param>
/// <param name="Estimate">The cost estimate (null when not asked).</param>
public sealed record ExperimentResult(
    Experiment Experiment,
    ExperimentRecord Record,
    VerificationReport? Verification,
    AnalogEvalReport? Accuracy,
    CostEstimate? Estimate)
{
    /// <summary>False when a verification ran and failed (the run's exit code says so).</summary>
    public bool Passed => Verification?.Passed ?? true;
}
