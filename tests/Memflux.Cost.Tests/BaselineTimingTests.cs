namespace Memflux.Cost.Tests;

/// <summary>The digital baseline's timing on a TPU v1-like array: each layer compute-bound or weight-fetch-bound.</summary>
public class BaselineTimingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(16)]
    public void Each_layer_takes_the_longer_of_its_array_passes_and_its_weight_fetch(int batch)
    {
        // Layer 0: k 300, n 100 (2 × 1 array tiles), 1,000 MVMs: 2,000 cycles per image at 0.7 GHz; 30,000 weight bytes
        // at 34 GB/s = 882.35 ns once per batch. Layer 1: k = n = 512 (2 × 2 tiles), 1 MVM: 4 cycles per image; 262,144 bytes = 7,710.1 ns.
        var net = TestChips.Chain((300, 100, 1000), (512, 512, 1));
        var t = DigitalBaselineTiming.Estimate(net, batch);
        double c0 = 2000.0 * batch / 0.7, w0 = 30000 * 8 / 272.0, c1 = 4.0 * batch / 0.7, w1 = 262144 * 8 / 272.0;
        Assert.Equal(Math.Max(c0, w0) + Math.Max(c1, w1), t.MakespanNs, 6);
        Assert.Equal(c0 + c1, t.ComputeNs, 6);
        Assert.Equal(w0 + w1, t.WeightFetchNs, 6);
        Assert.Equal((1, 1), (t.ComputeBoundLayers, t.WeightBoundLayers));
        Assert.Equal(batch * 1e9 / t.MakespanNs, t.ThroughputIps, 6);

        var shares = CostShares.OfTime(t);
        Assert.Equal(t.ComputeNs / (t.ComputeNs + t.WeightFetchNs), shares.Digital, 12);
        Assert.Equal(1, shares.Digital + shares.OnChipMovement, 12);
    }

    [Fact]
    public void A_larger_batch_shares_the_weight_fetch_so_the_time_per_image_falls()
    {
        var net = TestChips.Chain((512, 512, 4), (512, 512, 4));
        var one = DigitalBaselineTiming.Estimate(net, 1);
        var many = DigitalBaselineTiming.Estimate(net, 64);
        Assert.Equal(2, one.WeightBoundLayers);
        Assert.True(many.TimePerImageNs < one.TimePerImageNs / 10, $"{many.TimePerImageNs} vs {one.TimePerImageNs}");
    }
}
