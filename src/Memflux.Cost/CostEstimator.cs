using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Graph;

namespace Memflux.Cost;

/// <summary>Compiles a network onto a chip or a system of chips and estimates its timing, energy, area and digital baseline.</summary>
public static class CostEstimator
{
    /// <summary>
    /// Estimates <paramref name="graph"/> (shapes for <paramref name="batch"/> images) on <paramref name="spec"/>:
    /// <paramref name="chips"/> of them when given, else as its system section says, else one chip.
    /// </summary>
    public static CostEstimate Estimate(ComputeGraph graph, int batch, ChipSpec spec, ChipCount? chips = null, SimulationOptions? options = null) =>
        Estimate(NetworkProfileBuilder.Build(graph, batch), new ChipModel(spec), batch, chips: chips, options: options);

    /// <summary>
    /// Estimates <paramref name="network"/> on the chip of <paramref name="model"/>, streaming <paramref name="batch"/>
    /// images (the fast path for design sweeps: profile the network once, build one model per chip).
    /// </summary>
    /// <param name="network">The profiled network.</param>
    /// <param name="model">The chip.</param>
    /// <param name="batch">Images streamed.</param>
    /// <param name="replicate">Whether the compiler replicates layers into spare tiles.</param>
    /// <param name="chips">Chips, else as the spec's system section says, else one.</param>
    /// <param name="options">How the simulation runs (null: the defaults, no trace).</param>
    /// <param name="timings">Timings shared across the estimates of a sweep (null: simulate every time).</param>
    public static CostEstimate Estimate(NetworkProfile network, ChipModel model, int batch, bool replicate = true, ChipCount? chips = null, SimulationOptions? options = null, TimingCache? timings = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        return Estimate(SystemCompiler.Compile(network, model, chips, replicate), batch, options, timings);
    }

    /// <summary>Estimates a compiled <paramref name="system"/> streaming <paramref name="batch"/> images.</summary>
    /// <param name="system">The compiled system.</param>
    /// <param name="batch">Images streamed.</param>
    /// <param name="options">How the simulation runs (null: the defaults, no trace).</param>
    /// <param name="timings">
    /// Timings shared across the estimates of a sweep: a graph whose timing inputs equal an earlier one's takes its
    /// simulation and closed form (bit-identical figures); null: simulate every time.
    /// </param>
    public static CostEstimate Estimate(SystemMapping system, int batch, SimulationOptions? options = null, TimingCache? timings = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var work = system.Chips.Select(LayerWorkload.Of).ToArray();
        var graph = TimingGraph.Of(system, work);
        var (timing, closed) = TimingCache.Time(graph, batch, options ?? SimulationOptions.Default, timings);
        var energy = EnergyBreakdown.OfCore(system, work, timing, graph.Legs);
        return new CostEstimate(
            system,
            timing,
            closed,
            energy,
            PeakFigures.Of(system.Model),
            ProgrammingCost.FromSpec(system),
            DigitalBaseline.Estimate(system.Network, batch, DigitalTechnology.Nominal(system.Spec.ProcessNodeNm), PartitionPass.WeightsPerTile(system.Spec).Rows),
            AnalogEnergyBounds.Of(work))
        {
            Host = HostOf(system, work, energy),
            BaselineTiming = DigitalBaselineTiming.Estimate(system.Network, batch),
        };
    }

    private static HostWork? HostOf(SystemMapping system, LayerWorkload[][] work, IReadOnlyList<ComponentEnergy> energy)
    {
        var spec = system.Spec;
        if (spec.System is not { DigitalOnHost: true })
        {
            return null;
        }

        var all = work.SelectMany(w => w).ToArray();
        return new HostWork(
            all.Sum(w => w.HostOps),
            all.Sum(w => w.HostUpValues) * spec.Core.OutputBits,
            all.Sum(w => w.HostDownValues) * spec.Core.Input.Bits,
            energy.Single(c => c.Name == EnergyBreakdown.HostOps).EnergyJ,
            energy.Single(c => c.Name == EnergyBreakdown.HostLink).EnergyJ);
    }
}
