using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Numerics;

namespace Memflux.Cost.Tests;

/// <summary>Partitioning a network over a system of chips: chip counts, stage cuts, split layers, single-chip identity.</summary>
public class SystemCompilerTests
{
    // TestChips.Small's logical tile: 8 weight rows × 6 weight columns.
    private const int R = 8, C = 6;

    private static ChipModel Chip(int cores = 2, int tilesPerCore = 2) =>
        new(TestChips.WithSystem(TestChips.Small(cores: cores, meshRows: 1, meshCols: cores, tilesPerCore: tilesPerCore)));

    private static long NaiveTiles(NetworkProfile network) =>
        network.Layers.Sum(l => (long)l.Groups * ((l.Inputs + R - 1) / R) * ((l.Outputs + C - 1) / C));

    [Theory]
    [InlineData(10)]
    [InlineData(8)]
    [InlineData(3)]
    public void Auto_takes_the_fewest_chips_that_hold_one_copy_and_assigns_every_tile_once(int layers)
    {
        var net = TestChips.Chain([.. Enumerable.Range(0, layers).Select(i => (R, C, (long)(i + 1)))]);
        var model = Chip(); // 4 tiles per chip
        var system = SystemCompiler.Compile(net, model, ChipCount.Auto);
        long tiles = NaiveTiles(net);
        Assert.Equal((int)((tiles + model.TotalTiles - 1) / model.TotalTiles), system.ChipCount);
        Assert.Equal(tiles, system.TilesNeeded);
        Assert.All(system.Chips, c => Assert.True(c.Utilisation.TilesUsed <= model.TotalTiles));
        Assert.Equal(Enumerable.Range(0, layers), system.Parts.Select(p => p.Layer).Order());
    }

    [Fact]
    public void More_chips_than_needed_still_hold_every_tile_once_and_never_more_than_a_chip()
    {
        var net = TestChips.Chain((R, C, 50), (R, C, 1), (R, C, 1), (R, C, 40), (R, C, 1), (R, C, 1));
        var model = Chip();
        var system = SystemCompiler.Compile(net, model, ChipCount.Exactly(4));
        Assert.InRange(system.ChipCount, 2, 4);
        Assert.Equal(NaiveTiles(net), system.TilesNeeded);
        Assert.All(system.Chips, c => Assert.True(c.Utilisation.TilesUsed <= model.TotalTiles));
        Assert.True(system.ChipOfPart.Zip(system.ChipOfPart.Skip(1)).All(p => p.First <= p.Second), "stages are contiguous");
    }

    [Theory]
    [InlineData(6, 2)]
    [InlineData(2, 6)]
    public void A_stage_boundary_falls_at_the_cheapest_of_the_edges_that_balance_the_pipeline(int n1, int n2)
    {
        // Five one-tile layers of equal work on two chips of four tiles: [2 | 3] and [3 | 2] share the smallest
        // bottleneck; the cut goes where fewer bits cross.
        var net = TestChips.Chain((R, C, 4), (R, n1, 4), (R, n2, 4), (R, C, 4), (R, C, 4));
        var system = SystemCompiler.Compile(net, Chip(), ChipCount.Exactly(2));
        double after1 = net.Edges.Single(e => e.From == 1).ValuesPerImage, after2 = net.Edges.Single(e => e.From == 2).ValuesPerImage;
        int lastOnChip0 = system.Parts.Select((p, i) => (p, i)).Last(x => system.ChipOfPart[x.i] == 0).p.Layer;
        Assert.Equal(after1 < after2 ? 1 : 2, lastOnChip0);
        var flow = Assert.Single(system.Flows);
        Assert.Equal(Math.Min(after1, after2) * TestChips.Small().Core.OutputBits, flow.BitsPerImage);
        Assert.Single(flow.Links); // neighbouring chips on the ring
    }

    [Fact]
    public void A_layer_wider_than_a_chip_is_split_by_columns_and_every_part_receives_the_whole_input()
    {
        // Layer 1: one row block × 6 column blocks = 6 tiles; with layer 0 that is 7 tiles on chips of 4.
        var net = TestChips.Chain((R, C, 2), (R, 6 * C, 2));
        var spec = Chip().Spec;
        var system = SystemCompiler.Compile(net, new ChipModel(spec), ChipCount.Auto);
        Assert.Equal(2, system.ChipCount);
        var parts = system.Parts.Where(p => p.Layer == 1).ToList();
        Assert.Equal(2, parts.Count);
        Assert.Equal(6 * C, parts.Sum(p => p.Outputs));
        Assert.All(parts, p => Assert.Equal(R, p.Inputs));
        var flow = Assert.Single(system.Flows);
        Assert.Equal(ChipLinkFlowKind.Activations, flow.Kind);
        Assert.Equal(net.Edges[0].ValuesPerImage * spec.Core.OutputBits, flow.BitsPerImage); // the whole input, not a share
        Assert.Equal(NaiveTiles(net), system.TilesNeeded);
    }

    [Fact]
    public void A_layer_taller_than_a_chip_is_split_by_rows_and_its_partial_sums_cross_a_link()
    {
        // One column block of 6 row blocks > 4 tiles per chip: two row parts of 3; the first part's partial sums go to the second.
        const long Mvms = 3;
        var net = TestChips.Chain((6 * R, C, Mvms));
        var spec = Chip().Spec;
        var system = SystemCompiler.Compile(net, new ChipModel(spec), ChipCount.Auto);
        Assert.Equal(2, system.ChipCount);
        Assert.Equal([3 * R, 3 * R], system.Parts.Select(p => p.Inputs));
        Assert.False(system.Parts[0].ProducesOutputs);
        Assert.True(system.Parts[1].ProducesOutputs);
        var flow = Assert.Single(system.Flows);
        Assert.Equal(ChipLinkFlowKind.PartialSums, flow.Kind);
        Assert.Equal((0, 1), (flow.FromChip, flow.ToChip));
        Assert.Equal((double)Mvms * C * spec.Core.OutputBits, flow.BitsPerImage);
    }

    [Fact]
    public void A_large_chip_cuts_a_wide_layer_into_few_parts_of_at_most_a_64th_of_it()
    {
        // BERT's vocabulary head on ISAAC-sized tiles (128 × 16 weights) and chips (16,128 tiles): 6 × 1908 tiles.
        var head = new LayerShape(0, "y", "Gemm node 'head'", "Gemm", 768, 30522, 1, 128, HasBias: true, InputValuesPerImage: 768 * 128);
        const long Capacity = 16128;
        var parts = ChipSplitPass.Split(head, 128, 16, Capacity, "big");
        long tiles = 6L * ((30522 + 15) / 16);
        Assert.All(parts, p => Assert.InRange(p.Tiles, 1, Capacity / ChipSplitPass.UnitsPerChip));
        Assert.Equal(tiles, parts.Sum(p => (long)p.Tiles));
        Assert.Equal(30522, parts.Sum(p => p.Outputs));
        Assert.True(parts.Count <= (tiles * ChipSplitPass.UnitsPerChip / Capacity) + 2, $"{parts.Count} parts");
        Assert.All(parts, p => Assert.True(p.ProducesOutputs && p.Inputs == 768));
    }

    [Fact]
    public void One_chip_gives_the_mapping_and_the_estimate_of_the_chip_compiler()
    {
        var net = TestChips.Chain((8, 6, 3), (6, 5, 9), (5, 6, 2), (6, 4, 4));
        var model = new ChipModel(TestChips.WithSystem(TestChips.Small(cores: 4, meshRows: 2, meshCols: 2, tilesPerCore: 2)));
        var single = ChipCompiler.Compile(net, new ChipModel(model.Spec with { System = null }));
        foreach (ChipCount? chips in new ChipCount?[] { null, ChipCount.Auto, ChipCount.Exactly(1) })
        {
            var system = SystemCompiler.Compile(net, model, chips);
            Assert.Equal(1, system.ChipCount);
            Assert.Empty(system.Flows);
            var m = system.Chips[0];
            Assert.Equal(single.Utilisation, m.Utilisation);
            Assert.Equal(single.Flows, m.Flows);
            Assert.Equal(single.Layers.Select(l => (l.Replicas, string.Join(",", l.Cores))), m.Layers.Select(l => (l.Replicas, string.Join(",", l.Cores))));
        }

        var a = CostEstimator.Estimate(net, new ChipModel(model.Spec with { System = null }), 3);
        var b = CostEstimator.Estimate(net, model, 3, chips: ChipCount.Auto);
        Assert.Equal(a.Timing.LatencyNs, b.Timing.LatencyNs);
        Assert.Equal(a.Timing.MakespanNs, b.Timing.MakespanNs);
        Assert.Equal(a.EnergyPerInferenceJ, b.EnergyPerInferenceJ);
        Assert.Equal(0, b.Energy.Single(e => e.Name == EnergyBreakdown.ChipLinks).EnergyJ);
    }

    [Fact]
    public void Too_few_chips_is_an_error_saying_how_many_are_needed_and_how_to_ask()
    {
        var net = TestChips.Chain([.. Enumerable.Range(0, 10).Select(_ => (R, C, 1L))]);
        var e = Assert.Throws<MemfluxException>(() => SystemCompiler.Compile(net, Chip(), ChipCount.Exactly(2)));
        Assert.Contains("needs 10 tiles", e.Message, StringComparison.Ordinal);
        Assert.Contains("so 3 chips", e.Message, StringComparison.Ordinal);
        Assert.Contains("--chips auto", e.Message, StringComparison.Ordinal);

        e = Assert.Throws<MemfluxException>(() => SystemCompiler.Compile(net, Chip(), ChipCount.Exactly(1)));
        Assert.Contains("does not fit on chip 'small'", e.Message, StringComparison.Ordinal);
        Assert.Contains("3 chips of it: --chips auto or --chips 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_chips_without_a_system_section_is_an_error()
    {
        var net = TestChips.Chain([.. Enumerable.Range(0, 10).Select(_ => (R, C, 1L))]);
        var e = Assert.Throws<MemfluxException>(() => SystemCompiler.Compile(net, new ChipModel(TestChips.Small()), ChipCount.Auto));
        Assert.Contains("no \"system\" section", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SystemSpec.Ring, 5, 0, 3, 2)]
    [InlineData(SystemSpec.Ring, 5, 0, 4, 1)]
    [InlineData(SystemSpec.Switch, 5, 1, 4, 2)]
    [InlineData(SystemSpec.Mesh, 6, 0, 5, 1)] // serpentine: chip 5 sits under chip 0 on a 2 × 3 grid
    [InlineData(SystemSpec.Mesh, 6, 0, 2, 2)]
    public void Routes_follow_the_topology(string topology, int chips, int from, int to, int hops)
    {
        var system = new SystemSpec(ChipCount.Exactly(chips), topology, 0, 0, new ChipLinkSpec(1, 1, 1, 0, "[t] x"), SystemSpec.CoresDigitalWork, "[t] x");
        var t = new SystemTopology(system, chips);
        var route = t.Route(from, to);
        Assert.Equal(hops, route.Length);
        Assert.Equal(route.Length, route.Distinct().Count());
        Assert.All(route, l => Assert.InRange(l, 0, t.LinkCount - 1));
    }
}
