using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;

namespace Memflux.Cost.Tests;

/// <summary>The mesh traffic a layer's copies add: the halo rows neighbouring copies both read, and the distribution from a home core.</summary>
public class ReplicaTrafficTests
{
    [Theory]
    [InlineData(8, 8, 3, 1, 1)]
    [InlineData(8, 8, 1, 1, 0)]
    [InlineData(7, 13, 3, 2, 1)]
    [InlineData(4, 16, 2, 4, 0)]
    [InlineData(5, 11, 7, 2, 3)]
    [InlineData(1, 3, 3, 1, 0)]
    [InlineData(112, 224, 7, 2, 3)]
    public void Rows_read_by_bands_match_a_row_by_row_count(int outRows, int inRows, int kernel, int stride, int pad)
    {
        var window = new RowWindow(outRows, inRows, kernel, stride, pad, Tokens: false, WaitsForWholeInput: false);
        foreach (int replicas in new[] { 1, 2, 3, 5, outRows, outRows + 3 })
        {
            // Naive: each copy's band as a set of input rows, rows counted once per copy.
            int bands = Math.Min(replicas, outRows);
            long naive = 0;
            for (int c = 0; c < bands; c++)
            {
                var read = new HashSet<int>();
                for (int r = c * outRows / bands; r < (c + 1) * outRows / bands; r++)
                {
                    for (int i = (r * stride) - pad; i < (r * stride) - pad + kernel; i++)
                    {
                        if (i >= 0 && i < inRows)
                        {
                            read.Add(i);
                        }
                    }
                }

                naive += read.Count;
            }

            Assert.Equal(naive, ReplicaTraffic.InputRowsRead(window, replicas));
        }
    }

    [Theory]
    [InlineData(1, 8)] // one copy reads the 8 input rows once
    [InlineData(2, 10)] // bands 0–3 and 4–7 both read rows 3 and 4: 8 + 2
    [InlineData(4, 14)] // three band boundaries, two shared rows each: 8 + 3 × 2
    public void A_replicated_3x3_convolution_receives_its_halo_rows_once_per_copy(int replicas, int rowsRead)
    {
        // Layer 0: 1×1 conv, 1 → 6 channels over 8×8 pixels; layer 1: 3×3 conv, pad 1, 6 → 6 channels (k = 54: 7 row blocks).
        var net = new NetworkProfile(
            "halo",
            [
                new LayerShape(0, "y0", "Conv node 'a'", "Conv", 1, 6, 1, 64, HasBias: false, InputValuesPerImage: 64, new RowWindow(8, 8, 1, 1, 0, false, false)),
                new LayerShape(1, "y1", "Conv node 'b'", "Conv", 54, 6, 1, 64, HasBias: false, InputValuesPerImage: 384, new RowWindow(8, 8, 3, 1, 1, false, false)),
            ],
            [new LayerEdge(0, 1, 384)],
            []);
        var spec = TestChips.Small(cores: 16, meshRows: 4, meshCols: 4, tilesPerCore: 2); // output bits 8
        var state = new CompilerState(net, new ChipModel(spec));
        new PartitionPass().Run(state);
        state.Replicas = [1, replicas];
        new PlacePass().Run(state);

        // 384 values = 8 rows × 8 columns × 6 channels; each row read crosses the mesh as 8 × 6 values of 8 bits.
        double edgeBits = state.Flows!.Where(f => f.From == 0 && f.To == 1).Sum(f => f.BitsPerImage);
        Assert.Equal(rowsRead * 8 * 6 * 8.0, edgeBits, 6);
        Assert.Equal(rowsRead / 8.0, ReplicaTraffic.InputFactor(net.Layers[1], replicas), 12);
    }

    [Fact]
    public void Copies_on_another_chip_get_their_input_from_the_home_core_and_that_mesh_link_becomes_the_bottleneck()
    {
        // Chip: 2 × 2 cores of 2 one-tile slots, slow mesh links (0.1 Gb/s). Layer 0 (8 tiles, 1 MVM) fills chip 0; layer 1
        // (1 tile, 64 MVMs) goes to chip 1, where replication gives it 8 copies, two per core.
        var net = TestChips.Graph([(32, 12, 1), (8, 6, 64)], [(0, 1, 512)]);
        var model = new ChipModel(TestChips.WithSystem(TestChips.Small(cores: 4, meshRows: 2, meshCols: 2, tilesPerCore: 2, linkGbps: 0.1), linkGbps: 1));
        var plain = SystemCompiler.Compile(net, model, ChipCount.Auto, replicate: false);
        var copied = SystemCompiler.Compile(net, model, ChipCount.Auto, replicate: true);
        Assert.Equal(2, copied.ChipCount);
        var layer = copied.Chips[1].Layers.Single();
        Assert.Equal(8, layer.Replicas);
        Assert.Equal(0, TimingGraph.Home(layer)); // where the message from chip 0 ends (the I/O core)
        Assert.Empty(TimingGraph.ReplicaLegs(plain));

        // The 512 × 8 bits reach core 0; each other core's two copies get 2/8 of them: 1,024 bits over 1, 1 and 2 hops.
        var legs = TimingGraph.ReplicaLegs(copied).Select(l => l.Leg).ToArray();
        Assert.All(legs, l => Assert.Equal(1024, l.BitsPerImage, 9));
        Assert.Equal(4096, legs.Sum(l => l.BitsPerImage * l.Hops), 9);
        var a = CostEstimator.Estimate(plain, 1);
        var b = CostEstimator.Estimate(copied, 1);
        double noc(CostEstimate e) => e.Energy.Single(c => c.Name == "noc").EnergyJ;
        Assert.Equal(4096 * 0.1, (noc(b) - noc(a)) * 1e12, 6);

        // Core 0's east link carries the legs to cores 1 and 3 (XY routing): 2,048 bits at 0.1 Gb/s = 20,480 ns per image,
        // more than the chip link's 4,096 ns, so the copies' traffic, not the tiles they relieve, sets the interval.
        Assert.StartsWith("chip 1 mesh link from core 0 east", b.Timing.Bottleneck, StringComparison.Ordinal);
        Assert.Equal(20480, b.Timing.InitiationIntervalNs, 6);
        Assert.DoesNotContain("mesh link", a.Timing.Bottleneck, StringComparison.Ordinal);
        Assert.True(b.Timing.InitiationIntervalNs > a.Timing.InitiationIntervalNs, $"{b.Timing.InitiationIntervalNs} vs {a.Timing.InitiationIntervalNs}");
        Assert.Equal(b.ClosedForm.InitiationIntervalNs, b.Timing.InitiationIntervalNs, 6);
    }
}
