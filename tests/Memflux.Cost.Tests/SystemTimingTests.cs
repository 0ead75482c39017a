using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;

namespace Memflux.Cost.Tests;

/// <summary>Timing and energy of systems of chips: chip links as FIFO resources, the closed form as a check.</summary>
public class SystemTimingTests
{
    // One core of two tiles per chip: a layer's home core is its chip's I/O core, so inter-chip messages cross no mesh.
    private static ChipModel OneCoreChip(double linkGbps, double linkLatencyNs = 20) =>
        new(TestChips.WithSystem(TestChips.Small(cores: 1, meshRows: 1, meshCols: 1, tilesPerCore: 2, linkGbps: 100), linkGbps: linkGbps, linkLatencyNs: linkLatencyNs));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Simulation_agrees_with_the_closed_form_on_a_chain_of_chips_without_contention(int batch)
    {
        // Four two-tile layers on four chips in a ring: every message has its own chip link.
        var net = TestChips.Chain((16, 6, 3), (16, 5, 9), (16, 6, 2), (16, 4, 4));
        var system = SystemCompiler.Compile(net, OneCoreChip(linkGbps: 0.5), ChipCount.Auto, replicate: false);
        Assert.Equal(4, system.ChipCount);
        Assert.Equal(3, system.Flows.Count);
        Assert.Equal(3, system.Flows.SelectMany(f => f.Links).Distinct().Count());
        var sim = DataflowSimulator.Simulate(system, batch);
        var closed = ClosedFormTiming.Estimate(system, batch);
        Assert.Equal(closed.LatencyNs, sim.LatencyNs, 6);
        Assert.Equal(closed.MakespanNs, sim.MakespanNs, 6);
        Assert.Equal(closed.InitiationIntervalNs, sim.InitiationIntervalNs, 9);
        Assert.Equal(closed.Bottleneck, sim.Bottleneck);
    }

    [Fact]
    public void Two_flows_sharing_a_chip_link_serialise()
    {
        // Layer 0 fills chip 0 and feeds layers 1 and 2 on chip 1: both messages take the one link 0 → 1.
        var net = TestChips.Graph([(16, 6, 1), (8, 6, 1), (8, 6, 1)], [(0, 1, 600), (0, 2, 300)]);
        var model = OneCoreChip(linkGbps: 0.1);
        var system = SystemCompiler.Compile(net, model, ChipCount.Auto, replicate: false);
        Assert.Equal(2, system.ChipCount);
        Assert.Equal(2, system.Flows.Count);
        Assert.Single(system.Flows.SelectMany(f => f.Links).Distinct());
        double bits = model.Spec.Core.OutputBits;
        double first = 600 * bits / 0.1, second = 300 * bits / 0.1; // ns on the link
        var sim = DataflowSimulator.Simulate(system, 1);
        var closed = ClosedFormTiming.Estimate(system, 1);

        // Without contention both would arrive one serialisation after leaving; queued, the later one waits for the first.
        Assert.True(sim.LatencyNs >= closed.LatencyNs + Math.Min(first, second) - 1e-6, $"{sim.LatencyNs} vs {closed.LatencyNs}");
        Assert.StartsWith("chip link from chip 0 to chip 1", sim.Bottleneck, StringComparison.Ordinal);
        Assert.Equal(first + second, sim.InitiationIntervalNs, 6);
        Assert.Equal(first + second, closed.InitiationIntervalNs, 6);
    }

    [Fact]
    public void Link_energy_is_bits_times_hops_times_energy_per_bit_and_area_and_peak_scale_with_chips()
    {
        var net = TestChips.Chain((16, 6, 3), (16, 5, 9), (16, 6, 2));
        var model = OneCoreChip(linkGbps: 1);
        var e = CostEstimator.Estimate(net, model, 1, chips: ChipCount.Auto);
        Assert.Equal(3, e.Chips);
        var link = model.Spec.System!.Link;
        double hopBits = e.System.Flows.Sum(f => f.BitsPerImage * f.Links.Count);
        Assert.Equal(hopBits * link.EnergyPerBitPj * 1e-12, e.Energy.Single(c => c.Name == EnergyBreakdown.ChipLinks).EnergyJ);
        Assert.Equal(3 * (e.Peak.AreaMm2 + link.AreaMm2), e.AreaMm2, 9);
        Assert.Equal(3 * e.Peak.PeakTops, e.PeakTops, 9);

        // Leakage and fixed blocks are drawn by every chip.
        var one = CostEstimator.Estimate(TestChips.Chain((16, 6, 3)), model, 1);
        double Static(CostEstimate x) => x.Energy.Where(c => c.Name is "leakage" or "fixed").Sum(c => c.EnergyJ) / x.Timing.MakespanNs;
        Assert.Equal(3 * Static(one), Static(e), 15);
    }
}
