using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;

namespace Memflux.Cost.Tests;

/// <summary>The busy-interval trace of the event-driven simulation.</summary>
public class TraceTests
{
    public static TheoryData<string> Cases => ["contended chip", "system of chips"];

    private static DataflowTiming Run(string name, int batch, SimulationOptions? options)
    {
        if (name == "contended chip")
        {
            // Replicated layers over a slow mesh: messages queue on shared links, so the trace has waits in it.
            var spec = TestChips.Small(cores: 9, meshRows: 3, meshCols: 3, tilesPerCore: 1, linkGbps: 0.05);
            var mapping = ChipCompiler.Compile(TestChips.Chain((8, 6, 40), (6, 6, 40), (6, 3, 5)), new ChipModel(spec));
            return DataflowSimulator.Simulate(mapping, batch, options);
        }

        var chip = TestChips.WithSystem(TestChips.Small(cores: 4, meshRows: 2, meshCols: 2, tilesPerCore: 1, linkGbps: 2), linkGbps: 0.5);
        var system = SystemCompiler.Compile(TestChips.Chain((16, 6, 3), (16, 5, 9), (16, 6, 2), (16, 4, 4), (16, 6, 7)), new ChipModel(chip), ChipCount.Auto, replicate: false);
        Assert.True(system.ChipCount > 1);
        return DataflowSimulator.Simulate(system, batch, options);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Intervals_never_overlap_on_a_resource_and_sum_to_its_busy_time(string name)
    {
        const int Batch = 5;
        var t = Run(name, Batch, new SimulationOptions(RecordTrace: true));
        var trace = Assert.IsType<BusyTrace>(t.Trace);
        Assert.NotEmpty(trace.Intervals);
        foreach (var group in trace.Intervals.GroupBy(i => i.Resource))
        {
            double end = double.NegativeInfinity;
            foreach (var i in group.OrderBy(i => i.StartNs))
            {
                Assert.True(i.EndNs > i.StartNs);
                Assert.True(i.StartNs >= end - 1e-9, $"{trace.Resources[group.Key].Name}: [{i.StartNs}, {i.EndNs}) starts before {end}");
                Assert.InRange(i.Image, 0, Batch - 1);
                Assert.True(i.EndNs <= t.MakespanNs + 1e-9);
                end = i.EndNs;
            }

            Assert.Equal(trace.Resources[group.Key].BusyNs, group.Sum(i => i.EndNs - i.StartNs), 6);
        }

        // The bottleneck is the resource the timing names, busy one initiation interval per image, which the closed form
        // (busy time per image summed without simulating) agrees with.
        Assert.Equal(t.Bottleneck, trace.Resources[trace.Bottleneck].Name);
        Assert.Equal(t.InitiationIntervalNs * Batch, trace.Resources[trace.Bottleneck].BusyNs, 6);
        Assert.Equal(Run(name, Batch, null).InitiationIntervalNs, ClosedInterval(name, Batch), 6);
        Assert.Equal(trace.Resources.Max(r => r.BusyNs), trace.Resources[trace.Bottleneck].BusyNs);
    }

    private static double ClosedInterval(string name, int batch)
    {
        if (name == "contended chip")
        {
            var spec = TestChips.Small(cores: 9, meshRows: 3, meshCols: 3, tilesPerCore: 1, linkGbps: 0.05);
            return ClosedFormTiming.Estimate(ChipCompiler.Compile(TestChips.Chain((8, 6, 40), (6, 6, 40), (6, 3, 5)), new ChipModel(spec)), batch).InitiationIntervalNs;
        }

        var chip = TestChips.WithSystem(TestChips.Small(cores: 4, meshRows: 2, meshCols: 2, tilesPerCore: 1, linkGbps: 2), linkGbps: 0.5);
        var system = SystemCompiler.Compile(TestChips.Chain((16, 6, 3), (16, 5, 9), (16, 6, 2), (16, 4, 4), (16, 6, 7)), new ChipModel(chip), ChipCount.Auto, replicate: false);
        return ClosedFormTiming.Estimate(system, batch).InitiationIntervalNs;
    }

    [Fact]
    public void Every_kind_of_resource_is_named_and_traced_in_a_system()
    {
        var t = Run("system of chips", 2, new SimulationOptions(RecordTrace: true));
        var trace = t.Trace!;
        var kinds = trace.Intervals.Select(i => trace.Resources[i.Resource].Kind).ToHashSet();
        Assert.Contains(TimingResourceKind.LayerTiles, kinds);
        Assert.Contains(TimingResourceKind.DigitalUnits, kinds);
        Assert.Contains(TimingResourceKind.ChipLink, kinds);
        Assert.All(trace.Resources.Where(r => r.Kind == TimingResourceKind.ChipLink), r => Assert.StartsWith("chip link", r.Name, StringComparison.Ordinal));
        Assert.All(trace.Resources.Where(r => r.Kind == TimingResourceKind.MeshLink), r => Assert.Contains("mesh link", r.Name, StringComparison.Ordinal));
        Assert.All(trace.Resources.Where(r => r.Kind == TimingResourceKind.LayerTiles), r => Assert.Contains("tiles", r.Name, StringComparison.Ordinal));
        Assert.All(trace.Resources.Where(r => r.Kind != TimingResourceKind.ChipLink), r => Assert.InRange(r.Chip, 0, 10));
    }

    [Fact]
    public void Without_the_option_there_is_no_trace_and_the_timing_is_the_same()
    {
        var with = Run("contended chip", 4, new SimulationOptions(RecordTrace: true));
        var without = Run("contended chip", 4, null);
        Assert.Null(without.Trace);
        Assert.Equal(with.MakespanNs, without.MakespanNs);
        Assert.Equal(with.LatencyNs, without.LatencyNs);
    }
}
