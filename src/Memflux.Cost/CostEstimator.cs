using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Graph;

namespace Memflux.Cost;

/// <summary>Compiles a network onto a chip and estimates its timing, energy, area and digital baseline.</summary>
public static class CostEstimator
{
    /// <summary>Estimates <paramref name="graph"/> (shapes for <paramref name="batch"/> images) on <paramref name="spec"/>.</summary>
    public static CostEstimate Estimate(ComputeGraph graph, int batch, ChipSpec spec) =>
        Estimate(NetworkProfileBuilder.Build(graph, batch), new ChipModel(spec), batch);

    /// <summary>
    /// Estimates <paramref name="network"/> on the chip of <paramref name="model"/>, streaming <paramref name="batch"/>
    /// images (the fast path for design sweeps: profile the network once, build one model per chip).
    /// </summary>
    public static CostEstimate Estimate(NetworkProfile network, ChipModel model, int batch, bool replicate = true)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var mapping = ChipCompiler.Compile(network, model, replicate);
        var work = LayerWorkload.Of(mapping);
        var timing = DataflowSimulator.SimulateCore(mapping, work, batch);
        var closed = ClosedFormTiming.EstimateCore(mapping, work, batch);
        return new CostEstimate(
            mapping,
            timing,
            closed,
            EnergyBreakdown.OfCore(mapping, work, timing),
            PeakFigures.Of(model),
            ProgrammingCost.FromSpec(mapping),
            DigitalBaseline.Estimate(network, batch));
    }
}
