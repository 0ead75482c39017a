using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;

namespace Memflux.Cost;

/// <summary>Everything <c>memflux estimate</c> reports for one network on one chip, or a system of chips, at one batch size.</summary>
/// <param name="System">The compiled system (one chip: a system of one holding today's mapping).</param>
/// <param name="Timing">The event-driven simulation.</param>
/// <param name="ClosedForm">The closed-form timing (for comparison).</param>
/// <param name="Energy">Energy per inference by component.</param>
/// <param name="Peak">One chip's peak figures and area per component.</param>
/// <param name="Programming">Cost of programming the whole mapping.</param>
/// <param name="Baseline">The digital weight-fetching baseline.</param>
/// <param name="AnalogFrontEnd">DAC + array + ADC energy of the cells in use beside the whole-tile worst case.</param>
public sealed record CostEstimate(
    SystemMapping System,
    DataflowTiming Timing,
    DataflowTiming ClosedForm,
    IReadOnlyList<ComponentEnergy> Energy,
    PeakFigures Peak,
    ProgrammingCost Programming,
    DigitalBaseline Baseline,
    AnalogEnergyBounds AnalogFrontEnd)
{
    /// <summary>The first chip's mapping (the only one on a single chip).</summary>
    public ChipMapping Mapping => System.Chips[0];

    /// <summary>Chips used.</summary>
    public int Chips => System.ChipCount;

    /// <summary>Peak TOPS of all chips used.</summary>
    public double PeakTops => Peak.PeakTops * Chips;

    /// <summary>
    /// Area of all chips used in mm²: chips × (one chip's area + its link PHYs), plus the host link's PHY once when digital
    /// work runs on a host. A single chip has no chip links, so its area is the chip's alone (and the host PHY's).
    /// </summary>
    public double AreaMm2 => (Chips * (Peak.AreaMm2 + (Chips > 1 ? System.Spec.System!.Link.AreaMm2 : 0))) + HostLinkAreaMm2;

    /// <summary>How long the digital baseline takes on a TPU-like array (<see cref="DigitalBaselineTiming"/>); null when not estimated.</summary>
    public DigitalBaselineTiming? BaselineTiming { get; init; }

    /// <summary>The digital baseline's busy-time shares (compute vs weight fetch); null without <see cref="BaselineTiming"/>.</summary>
    public CostShares? BaselineTimeShares => BaselineTiming is { } t ? CostShares.OfTime(t) : null;

    /// <summary>What the host does per inference when digital work runs on one (<c>digital_work: "host"</c>), else null.</summary>
    public HostWork? Host { get; init; }

    /// <summary>The host link's PHY area in mm² when digital work runs on a host, else 0.</summary>
    public double HostLinkAreaMm2 => System.Spec.System is { DigitalOnHost: true, Host: { } host } ? host.Link.AreaMm2 : 0;

    /// <summary>Energy per inference in J (sum of <see cref="Energy"/>).</summary>
    public double EnergyPerInferenceJ => Energy.Sum(e => e.EnergyJ);

    /// <summary>Operations per inference (2 per MAC).</summary>
    public double OpsPerInference => 2.0 * System.Network.MacsPerImage;

    /// <summary>Achieved TOPS at the steady-state throughput.</summary>
    public double Tops => OpsPerInference * Timing.ThroughputIps / 1e12;

    /// <summary>Average power over the batch in W (energy of the batch / makespan).</summary>
    public double PowerW => EnergyPerInferenceJ * Timing.Batch / (Timing.MakespanNs * 1e-9);

    /// <summary>Achieved TOPS per watt: operations per inference / energy per inference.</summary>
    public double TopsPerWatt => OpsPerInference / EnergyPerInferenceJ / 1e12;

    /// <summary>Achieved TOPS per mm² of all chips used.</summary>
    public double TopsPerMm2 => Tops / AreaMm2;

    /// <summary>Shares of the energy per inference: analog, digital, on-chip movement, chip-to-chip, static.</summary>
    public CostShares EnergyShares => CostShares.OfEnergy(Energy);

    /// <summary>Shares of the busy time of all resources: analog tiles, digital units, mesh links, chip links.</summary>
    public CostShares TimeShares => CostShares.OfTime(Timing);

    /// <summary>Shares of the digital baseline's energy per inference (it has no timing model, so no time shares).</summary>
    public CostShares BaselineEnergyShares => CostShares.OfEnergy(Baseline);

    /// <summary>Digital baseline energy / analog energy per inference.</summary>
    public double BaselineRatio => Baseline.EnergyJ / EnergyPerInferenceJ;
}

/// <summary>The host's share of an inference when the graph's digital nodes run on it.</summary>
/// <param name="OpsPerInference">Digital ops the host runs per inference.</param>
/// <param name="BitsToHost">Bits per inference crossing the host link to the host.</param>
/// <param name="BitsFromHost">Bits per inference crossing it back to the chips.</param>
/// <param name="OpsEnergyJ">The host's energy for those ops per inference, in J.</param>
/// <param name="LinkEnergyJ">The host link's energy per inference, in J.</param>
public sealed record HostWork(double OpsPerInference, double BitsToHost, double BitsFromHost, double OpsEnergyJ, double LinkEnergyJ);
