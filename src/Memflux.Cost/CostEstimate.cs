using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;

namespace Memflux.Cost;

/// <summary>Everything <c>memflux estimate</c> reports for one network on one chip at one batch size.</summary>
/// <param name="Mapping">The compiled mapping.</param>
/// <param name="Timing">The event-driven simulation.</param>
/// <param name="ClosedForm">The closed-form timing (for comparison).</param>
/// <param name="Energy">Energy per inference by component.</param>
/// <param name="Peak">The chip's peak figures and area per component.</param>
/// <param name="Programming">Cost of programming the whole mapping.</param>
/// <param name="Baseline">The digital weight-fetching baseline.</param>
public sealed record CostEstimate(
    ChipMapping Mapping,
    DataflowTiming Timing,
    DataflowTiming ClosedForm,
    IReadOnlyList<ComponentEnergy> Energy,
    PeakFigures Peak,
    ProgrammingCost Programming,
    DigitalBaseline Baseline)
{
    /// <summary>Energy per inference in J (sum of <see cref="Energy"/>).</summary>
    public double EnergyPerInferenceJ => Energy.Sum(e => e.EnergyJ);

    /// <summary>Operations per inference (2 per MAC).</summary>
    public double OpsPerInference => 2.0 * Mapping.Network.MacsPerImage;

    /// <summary>Achieved TOPS at the steady-state throughput.</summary>
    public double Tops => OpsPerInference * Timing.ThroughputIps / 1e12;

    /// <summary>Average power over the batch in W (energy of the batch / makespan).</summary>
    public double PowerW => EnergyPerInferenceJ * Timing.Batch / (Timing.MakespanNs * 1e-9);

    /// <summary>Achieved TOPS per watt: operations per inference / energy per inference.</summary>
    public double TopsPerWatt => OpsPerInference / EnergyPerInferenceJ / 1e12;

    /// <summary>Achieved TOPS per mm² of the whole chip.</summary>
    public double TopsPerMm2 => Tops / Peak.AreaMm2;

    /// <summary>Digital baseline energy / analog energy per inference.</summary>
    public double BaselineRatio => Baseline.EnergyJ / EnergyPerInferenceJ;
}
