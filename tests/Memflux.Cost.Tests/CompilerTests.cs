using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Numerics;

namespace Memflux.Cost.Tests;

/// <summary>Partition, replication and placement of the chip compiler against naive references.</summary>
public class CompilerTests
{
    // Logical tile of TestChips.Small: 8 weight rows × 6 weight columns.
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(8, 6, 1)]
    [InlineData(9, 6, 1)]
    [InlineData(8, 7, 1)]
    [InlineData(15, 11, 1)]
    [InlineData(17, 13, 1)]
    [InlineData(16, 12, 3)]
    [InlineData(1, 25, 2)]
    public void Partition_counts_tiles_like_a_naive_cell_by_cell_assignment(int k, int n, int groups)
    {
        var spec = TestChips.Small(cores: 16, meshRows: 4, meshCols: 4, tilesPerCore: 8);
        var mapping = ChipCompiler.Compile(TestChips.Chain(groups, (k, n, 3)), new ChipModel(spec), replicate: false);
        var tiles = new HashSet<(int, int, int)>();
        for (int g = 0; g < groups; g++)
        {
            for (int i = 0; i < k; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    tiles.Add((g, i / 8, j / 6));
                }
            }
        }

        var layer = mapping.Layers[0];
        Assert.Equal(tiles.Count, layer.TilesPerCopy);
        Assert.Equal(tiles.Select(t => t.Item2).Distinct().Count(), layer.RowBlocks);
        Assert.Equal((long)(layer.RowBlocks - 1) * n, layer.PartialSumAddsPerMvm);
        Assert.Equal((long)k * n * groups * 4, mapping.Utilisation.DevicesProgrammed);
        Assert.Equal(tiles.Count, mapping.Utilisation.TilesUsed);
        Assert.Equal((long)k * n * groups, mapping.Utilisation.WeightCells);
        Assert.Equal(tiles.Count * 48L, mapping.Utilisation.WeightCapacity);
    }

    [Fact]
    public void A_network_that_does_not_fit_names_tiles_needed_and_available()
    {
        var spec = TestChips.Small(cores: 2, meshRows: 1, meshCols: 2, tilesPerCore: 2); // 4 tiles
        var e = Assert.Throws<MemfluxException>(() => ChipCompiler.Compile(TestChips.Chain((17, 6, 1), (8, 13, 1)), new ChipModel(spec)));
        Assert.Contains("needs 6 tiles", e.Message, StringComparison.Ordinal); // 3 + 3
        Assert.Contains("the chip has 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replication_never_exceeds_the_free_tiles_and_stops_only_when_the_bottleneck_cannot_be_copied()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            int cores = rng.Next(1, 10), perCore = rng.Next(1, 5);
            var spec = TestChips.Small(cores: cores, meshRows: 1, meshCols: cores, tilesPerCore: perCore);
            var layers = Enumerable.Range(0, rng.Next(1, 5)).Select(_ => (rng.Next(1, 20), rng.Next(1, 15), (long)rng.Next(1, 300))).ToArray();
            var net = TestChips.Chain(layers);
            ChipMapping mapping;
            try
            {
                mapping = ChipCompiler.ToMapping(TestChips.Compile(net, new ChipModel(spec), trim: false)); // replication alone
            }
            catch (MemfluxException)
            {
                continue; // does not fit even once
            }

            long total = (long)cores * perCore;
            Assert.True(mapping.Utilisation.TilesUsed <= total);
            Assert.All(mapping.Layers, l => Assert.InRange(l.Replicas, 1, Math.Max(1, l.Shape.MvmsPerImage)));
            var worst = mapping.Layers.MaxBy(l => l.MvmsPerTilePerImage)!;
            long free = total - mapping.Utilisation.TilesUsed;
            bool capped = worst.Replicas >= worst.Shape.MvmsPerImage;
            long next = (worst.MvmsPerTilePerImage - 1) is var target && target > 0 ? (worst.Shape.MvmsPerImage + target - 1) / target : long.MaxValue;
            Assert.True(capped || (next - worst.Replicas) * worst.TilesPerCopy > free, $"trial {trial}: the bottleneck could still be copied");
            Assert.Equal(mapping.Utilisation.TilesUsed, mapping.Layers.Sum(l => l.Cores.Sum(c => (long)c.Tiles)));
        }
    }

    [Fact]
    public void Replication_gives_the_early_layer_with_many_mvms_the_copies()
    {
        var spec = TestChips.Small(cores: 8, meshRows: 2, meshCols: 4, tilesPerCore: 2); // 16 tiles
        var mapping = ChipCompiler.Compile(TestChips.Chain((8, 6, 100), (8, 6, 10), (8, 6, 1)), new ChipModel(spec));
        // 13 free tiles: layer 0 to 12 copies (ceil(100/12) = 9 < 10), then layer 1 to 2 (5), then layer 0 to 13 (8).
        Assert.Equal([13, 2, 1], mapping.Layers.Select(l => l.Replicas));
        Assert.Equal(8, mapping.Layers.Max(l => l.MvmsPerTilePerImage));
        Assert.All(ChipCompiler.Compile(TestChips.Chain((8, 6, 100), (8, 6, 10)), new ChipModel(spec), replicate: false).Layers, l => Assert.Equal(1, l.Replicas));
    }

    [Fact]
    public void Placement_is_deterministic_within_capacity_and_beats_naive_placements_on_hop_cost()
    {
        var spec = TestChips.Small(cores: 12, meshRows: 3, meshCols: 4, tilesPerCore: 2);
        var net = TestChips.Chain((16, 12, 4), (9, 12, 4), (16, 7, 4), (12, 12, 4), (5, 5, 4));
        var model = new ChipModel(spec);
        var a = ChipCompiler.Compile(net, model, replicate: false);
        var b = ChipCompiler.Compile(net, model, replicate: false);
        Assert.Equal(a.Flows, b.Flows);
        Assert.Equal(a.Layers.Select(l => string.Join(",", l.Cores)), b.Layers.Select(l => string.Join(",", l.Cores)));
        var perCore = a.Layers.SelectMany(l => l.Cores).GroupBy(c => c.Core).Select(g => g.Sum(c => c.Tiles));
        Assert.All(perCore, t => Assert.InRange(t, 1, 2));

        var state = new CompilerState(net, model);
        new PartitionPass().Run(state);
        new ReplicatePass(enabled: false).Run(state);
        double rowMajor = PlacePass.HopBits(TrafficModel.Flows(state, PlacePass.Contiguous(state, MeshGeometry.RowMajorOrder(spec.Cores))));
        double roundRobin = PlacePass.HopBits(TrafficModel.Flows(state, PlacePass.RoundRobin(state)));
        Assert.True(a.HopBitsPerImage < rowMajor, $"serpentine {a.HopBitsPerImage} vs row-major {rowMajor}");
        Assert.True(a.HopBitsPerImage < roundRobin, $"serpentine {a.HopBitsPerImage} vs round robin {roundRobin}");
    }

    [Fact]
    public void Flows_carry_every_edge_bit_once()
    {
        var spec = TestChips.Small(cores: 12, meshRows: 3, meshCols: 4, tilesPerCore: 2);
        var net = TestChips.Chain((16, 12, 40), (9, 12, 40), (16, 7, 4));
        var mapping = ChipCompiler.Compile(net, new ChipModel(spec));
        foreach (var edge in net.Edges)
        {
            double bits = mapping.Flows.Where(f => f.From == edge.From && f.To == edge.To && f.From != f.To).Sum(f => f.BitsPerImage);
            Assert.Equal(edge.ValuesPerImage * 8.0, bits, 6);
        }
    }

    [Fact]
    public void Serpentine_order_steps_one_hop_at_a_time()
    {
        var grid = new CoreGridSpec(11, 3, 4);
        var order = MeshGeometry.SerpentineOrder(grid);
        Assert.Equal(11, order.Distinct().Count());
        for (int i = 1; i < order.Length; i++)
        {
            Assert.Equal(1, MeshGeometry.Hops(grid, order[i - 1], order[i]));
        }

        Assert.Equal(4, MeshGeometry.Route(grid, 0, 10).Length); // core 10 is at (2, 2)
    }
}
