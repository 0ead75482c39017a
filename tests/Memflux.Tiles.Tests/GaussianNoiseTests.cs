namespace Memflux.Tiles.Tests;

public class GaussianNoiseTests
{
    [Fact]
    public void MomentsAndTailsMatchTheStandardNormal()
    {
        const int n = 1 << 20;
        var y = new float[n];
        GaussianNoise.Add(123, 0, 1f, y, new float[n]);
        double mean = y.Average(v => (double)v);
        double variance = y.Average(v => (double)v * v) - (mean * mean);
        double beyondTwo = y.Count(v => Math.Abs(v) > 2) / (double)n;
        double beyondThree = y.Count(v => Math.Abs(v) > 3) / (double)n;
        // Standard errors at 2^20 samples: mean 0.001, variance 0.0014, P(|ξ|>2) 0.0002, P(|ξ|>3) 0.00005; the 2^12
        // equiprobable quantiles move a tail probability by up to 2/4096 (one quantile per side), here 0.00293 for 0.0027.
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(variance, 0.993, 1.007);
        Assert.InRange(beyondTwo, 0.0455 - 0.001 - (2.0 / 4096), 0.0455 + 0.001 + (2.0 / 4096));
        Assert.InRange(beyondThree, 0.0027 - 0.00025 - (2.0 / 4096), 0.0027 + 0.00025 + (2.0 / 4096));
        Assert.InRange(y.Max(), 3.6f, 3.7f); // the largest quantile, Φ⁻¹(1 − 1/8192)·1.00016 = 3.669
    }

    [Fact]
    public void SamplesArePureFunctionsOfKeyAndCounter()
    {
        var whole = new float[100];
        GaussianNoise.Add(7, 1000, 0.5f, whole, new float[100]);
        var part = new float[40];
        GaussianNoise.Add(7, 1060, 0.5f, part, new float[40]);
        Assert.Equal(whole.AsSpan(60).ToArray(), part);
        Assert.Equal(0.5f * GaussianNoise.Sample(7, 1003), whole[3]);
    }

    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(5UL, 3)]
    [InlineData(6UL, 47)]
    [InlineData(ulong.MaxValue - 100, 101)]
    [InlineData(1UL << 40, 1031)]
    public void FillIsSampleAlongARunOfCounters(ulong first, int count)
    {
        var values = new float[count];
        GaussianNoise.Fill(11, first, values);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(GaussianNoise.Sample(11, first + (ulong)i), values[i]);
        }
    }

    /// <summary>Four consecutive counters share one hash (16 bits each): neighbours must still be uncorrelated.</summary>
    [Fact]
    public void NeighbouringSamplesAreUncorrelated()
    {
        const int n = 1 << 20;
        var y = new float[n + 4];
        GaussianNoise.Fill(99, 0, y);
        foreach (int lag in new[] { 1, 2, 3, 4 })
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += (double)y[i] * y[i + lag];
            }

            // Standard error of the lag correlation at 2^20 samples: 0.001.
            Assert.InRange(sum / n, -0.005, 0.005);
        }
    }
}
