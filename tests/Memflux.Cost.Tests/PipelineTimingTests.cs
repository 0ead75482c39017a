using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;

namespace Memflux.Cost.Tests;

/// <summary>Pipelined (row-group) timing: against the closed form and its fill + bottleneck formula, and against per-image timing.</summary>
public class PipelineTimingTests
{
    /// <summary>A chain of token-wise layers (tokens MVMs per image each), one layer per core, every message its own link.</summary>
    private static ChipMapping TokenChain(int tokens, double linkGbps = 0.5)
    {
        var spec = TestChips.Small(cores: 4, meshRows: 2, meshCols: 2, tilesPerCore: 1, linkGbps: linkGbps);
        (int K, int N)[] sizes = [(8, 6), (6, 5), (5, 6), (6, 4)];
        var shapes = sizes.Select((s, i) => new LayerShape(i, $"y{i}", $"MatMul node 'l{i}'", "MatMul", s.K, s.N, 1, tokens, HasBias: false, (long)s.K * tokens, new RowWindow(tokens, tokens, 1, 1, 0, Tokens: true, WaitsForWholeInput: false))).ToArray();
        var edges = Enumerable.Range(1, sizes.Length - 1).Select(i => new LayerEdge(i - 1, i, (long)sizes[i - 1].N * tokens)).ToArray();
        var mapping = ChipCompiler.Compile(new NetworkProfile("tokens", shapes, edges, []), new ChipModel(spec), replicate: false);
        Assert.Equal(4, mapping.Utilisation.CoresUsed);
        Assert.All(mapping.Flows, f => Assert.Equal(1, f.Hops));
        return mapping;
    }

    /// <summary>A chain of 3×3, pad 1 convolutions (stride 1 or 2) over <paramref name="rows"/> rows, one per core.</summary>
    private static ChipMapping ConvChain(int rows, int layers, int cores = 9)
    {
        var spec = TestChips.Small(cores: cores, meshRows: 3, meshCols: 3, tilesPerCore: 1, linkGbps: 5);
        var shapes = new List<LayerShape>();
        var edges = new List<LayerEdge>();
        int h = rows;
        for (int i = 0; i < layers; i++)
        {
            int stride = i == 2 ? 2 : 1, outRows = ((h + 2 - 3) / stride) + 1;
            shapes.Add(new LayerShape(i, $"y{i}", $"Conv node 'c{i}'", "Conv", 8, 6, 1, (long)outRows * outRows, HasBias: false, 8L * h * h, new RowWindow(outRows, h, 3, stride, 1, Tokens: false, WaitsForWholeInput: false)));
            if (i > 0)
            {
                edges.Add(new LayerEdge(i - 1, i, 6L * h * h));
            }

            h = outRows;
        }

        return ChipCompiler.Compile(new NetworkProfile("convs", shapes, edges, []), new ChipModel(spec), replicate: false);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(16, 1)]
    [InlineData(16, 3)]
    [InlineData(48, 2)]
    public void Simulation_equals_the_closed_form_and_fill_plus_bottleneck_on_a_token_chain_without_contention(int tokens, int batch)
    {
        var mapping = TokenChain(tokens);
        var sim = DataflowSimulator.Simulate(mapping, batch);
        var closed = ClosedFormTiming.Estimate(mapping, batch);
        Assert.Equal(closed.LatencyNs, sim.LatencyNs, 6);
        Assert.Equal(closed.MakespanNs, sim.MakespanNs, 6);
        Assert.Equal(closed.InitiationIntervalNs, sim.InitiationIntervalNs, 9);

        // By hand: G = min(tokens, 16) equal groups; per group a layer takes (m/G − 1)·τ + λ (m MVMs per image, τ the MVM
        // interval, λ the tile latency) and holds its tiles m/G·τ, a message takes a hop latency + bits/G / bandwidth and
        // holds its link bits/G / bandwidth. Latency = fill of one group + (G − 1) × the largest per-group holding.
        var model = mapping.Model;
        double tau = model.AnalogMvmIntervalNs, lambda = model.TileMvmLatencyNs;
        int g = Math.Min(tokens, PipelineUnits.MaxRowGroupsPerLayer);
        Assert.Equal(0, tokens % g);
        double fill = 0, bottleneck = 0;
        foreach (var layer in mapping.Layers)
        {
            double m = layer.MvmsPerTilePerImage / (double)g;
            fill += ((Math.Max(m, 1) - 1) * tau) + lambda;
            bottleneck = Math.Max(bottleneck, m * tau);
        }

        foreach (var f in mapping.Flows)
        {
            double serial = f.BitsPerImage / g / mapping.Spec.Noc.LinkBandwidthGbps;
            fill += mapping.Spec.Noc.HopLatencyNs + serial;
            bottleneck = Math.Max(bottleneck, serial);
        }

        Assert.Equal(fill + ((g - 1) * bottleneck), sim.LatencyNs, 6);
        Assert.Equal(tokens, sim.TokensPerImage);
        Assert.Equal(sim.InitiationIntervalNs / tokens, sim.InitiationIntervalPerTokenNs, 9);
    }

    [Fact]
    public void Per_image_timing_is_still_reachable_and_is_the_old_one_group_recurrence()
    {
        var mapping = TokenChain(16);
        var perImage = DataflowSimulator.Simulate(mapping, 1, new SimulationOptions(PerImage: true));
        var closed = ClosedFormTiming.Estimate(mapping, 1, new SimulationOptions(PerImage: true));
        Assert.Equal(closed.LatencyNs, perImage.LatencyNs, 6);

        // One unit per layer: the layers' latencies plus the transfers, one after the other.
        double expected = mapping.Layers.Sum(l => ((l.MvmsPerTilePerImage - 1) * mapping.Model.AnalogMvmIntervalNs) + mapping.Model.TileMvmLatencyNs)
            + mapping.Flows.Sum(f => mapping.Spec.Noc.HopLatencyNs + (f.BitsPerImage / mapping.Spec.Noc.LinkBandwidthGbps));
        Assert.Equal(expected, perImage.LatencyNs, 6);
    }

    [Fact]
    public void Pipelining_strictly_cuts_the_latency_of_a_deep_conv_chain_and_keeps_the_busy_times()
    {
        var mapping = ConvChain(rows: 32, layers: 6);
        var pipelined = DataflowSimulator.Simulate(mapping, 4);
        var perImage = DataflowSimulator.Simulate(mapping, 4, new SimulationOptions(PerImage: true));
        Assert.True(pipelined.LatencyNs < 0.6 * perImage.LatencyNs, $"pipelined {pipelined.LatencyNs} ns vs per image {perImage.LatencyNs} ns");
        Assert.Equal(perImage.InitiationIntervalNs, pipelined.InitiationIntervalNs, 6);
        Assert.True(pipelined.MakespanNs < perImage.MakespanNs);
        Assert.True(pipelined.Events > perImage.Events);
        Assert.Equal(0, pipelined.TokensPerImage);

        // Where nothing is shared the closed form follows the simulation row group by row group, windows and stride included.
        var closed = ClosedFormTiming.Estimate(mapping, 4);
        Assert.Equal(closed.LatencyNs, pipelined.LatencyNs, 6);
    }

    [Fact]
    public void A_conv_row_group_waits_for_the_producer_rows_its_window_needs()
    {
        var mapping = ConvChain(rows: 32, layers: 3);
        var work = LayerWorkload.Of(mapping);
        var graph = TimingGraph.Of(mapping, work);
        var units = PipelineUnits.Of(graph, perImage: false);
        Assert.Equal([16, 16, 16], units.Count);
        int flow = Array.FindIndex(graph.Flows, f => f.From == 1 && f.To == 2);

        // Layer 2 (stride 2, pad 1, 3 rows) has 16 output rows of layer 1's 32, one per group: output row r needs input
        // rows up to 2r + 1, i.e. producer group (2r + 1) / 2 = r (two rows per group).
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal(i + 1, units.UpTo[flow][i]);
        }

        // Layer 1 (stride 1, pad 1) needs row 2g + 2 for its group g (rows 2g, 2g + 1): producer group g + 1, except the
        // last (g = 15, clipped to row 31), which needs 15. So producer group i releases groups up to i − 1 (i < 15), then all.
        int first = Array.FindIndex(graph.Flows, f => f.From == 0 && f.To == 1);
        for (int i = 0; i < 15; i++)
        {
            Assert.Equal(i, units.UpTo[first][i]);
        }

        Assert.Equal(16, units.UpTo[first][15]);
    }

    [Fact]
    public void A_layer_fed_through_attention_waits_for_every_token()
    {
        var mapping = TokenChain(16);
        var shapes = mapping.Network.Layers.Select((l, i) => i == 2 ? l with { Rows = l.Rows! with { WaitsForWholeInput = true } } : l).ToArray();
        var spec = mapping.Spec;
        var waiting = ChipCompiler.Compile(mapping.Network with { Layers = shapes }, new ChipModel(spec), replicate: false);
        var graph = TimingGraph.Of(waiting, LayerWorkload.Of(waiting));
        var units = PipelineUnits.Of(graph, perImage: false);
        int flow = Array.FindIndex(graph.Flows, f => f.From == 1 && f.To == 2);
        Assert.All(units.UpTo[flow][..^1], n => Assert.Equal(0, n));
        Assert.Equal(16, units.UpTo[flow][^1]);
        Assert.True(DataflowSimulator.Simulate(waiting, 1).LatencyNs > DataflowSimulator.Simulate(mapping, 1).LatencyNs);
    }
}
