using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;

namespace Memflux.Cost.Tests;

/// <summary>The event-driven simulation against the closed form and against hand arithmetic.</summary>
public class TimingTests
{
    [Fact]
    public void One_layer_on_one_tile_takes_mvms_times_the_interval_plus_the_fill()
    {
        var spec = TestChips.Small();
        var model = new ChipModel(spec);
        Assert.Equal(20, model.AnalogMvmIntervalNs); // 4 bits × max(5 ns drive, 4 columns × 1 ns)
        Assert.Equal(24, model.TileMvmLatencyNs);
        var mapping = ChipCompiler.Compile(TestChips.Chain((8, 6, 5)), model, replicate: false);
        var t = DataflowSimulator.Simulate(mapping, 1);
        Assert.Equal((4 * 20) + 24, t.LatencyNs, 9);
        Assert.Equal(5 * 20, t.InitiationIntervalNs, 9);
        Assert.StartsWith("layer 0 tiles", t.Bottleneck, StringComparison.Ordinal);
        Assert.Equal(0.5 * 100 / 104, t.Cores[0].TileBusyFraction, 9); // 1 of 2 tiles busy 100 of 104 ns
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Simulation_agrees_with_the_closed_form_on_a_pipeline_without_contention(int batch)
    {
        // One layer per core, each on its own tile, along a serpentine path: every message has its own link.
        var spec = TestChips.Small(cores: 4, meshRows: 2, meshCols: 2, tilesPerCore: 1, linkGbps: 0.5);
        var net = TestChips.Chain((8, 6, 3), (6, 5, 9), (5, 6, 2), (6, 4, 4));
        var mapping = ChipCompiler.Compile(net, new ChipModel(spec), replicate: false);
        Assert.Equal(4, mapping.Utilisation.CoresUsed);
        Assert.All(mapping.Flows, f => Assert.Equal(1, f.Hops));
        var sim = DataflowSimulator.Simulate(mapping, batch);
        var closed = ClosedFormTiming.Estimate(mapping, batch);
        Assert.Equal(closed.LatencyNs, sim.LatencyNs, 6);
        Assert.Equal(closed.MakespanNs, sim.MakespanNs, 6);
        Assert.Equal(closed.InitiationIntervalNs, sim.InitiationIntervalNs, 9);
        Assert.Equal(closed.Bottleneck, sim.Bottleneck);
        Assert.True(sim.Events > 0);
    }

    [Fact]
    public void With_link_contention_the_simulation_is_slower_than_the_closed_form_but_never_faster_than_the_busiest_resource()
    {
        // A slow network and replicated layers spread over many cores: scatter/gather messages share links.
        var spec = TestChips.Small(cores: 9, meshRows: 3, meshCols: 3, tilesPerCore: 1, linkGbps: 0.05);
        var net = TestChips.Chain((8, 6, 40), (6, 6, 40), (6, 3, 5));
        var mapping = ChipCompiler.Compile(net, new ChipModel(spec));
        const int Batch = 6;
        var sim = DataflowSimulator.Simulate(mapping, Batch);
        var closed = ClosedFormTiming.Estimate(mapping, Batch);
        Assert.Equal(closed.InitiationIntervalNs, sim.InitiationIntervalNs, 6);
        Assert.True(sim.LatencyNs >= closed.LatencyNs - 1e-6, $"{sim.LatencyNs} < {closed.LatencyNs}");
        Assert.True(sim.MakespanNs >= (Batch * sim.InitiationIntervalNs) - 1e-6);
        Assert.True(sim.MakespanNs > closed.MakespanNs + 1e-6, "expected queueing on shared links");
        Assert.All(sim.Cores, c => Assert.InRange(c.TileBusyFraction, 0, 1 + 1e-9));
        Assert.All(sim.Cores, c => Assert.InRange(c.DigitalBusyFraction, 0, 1 + 1e-9));
    }

    [Fact]
    public void Slow_digital_units_become_the_bottleneck()
    {
        var spec = TestChips.Small(digitalGops: 0.1);
        var mapping = ChipCompiler.Compile(TestChips.Chain((8, 6, 5)), new ChipModel(spec), replicate: false);
        var t = DataflowSimulator.Simulate(mapping, 3);
        Assert.Equal("core 0 digital units", t.Bottleneck);
        Assert.Equal(240 / 0.1, t.InitiationIntervalNs, 6); // 240 conversions to shift-and-add at 0.1 Gop/s
        Assert.Equal(3 * 2400, t.MakespanNs, 6);
    }
}
