using System.Runtime.Intrinsics;

namespace Memflux.Numerics.Tests;

/// <summary>
/// Statistics of <see cref="CounterRandom"/> over 10^6 samples. Tolerances are about five standard errors
/// (SE of the mean 1/√n = 1e-3, of the variance √(2/n) = 1.4e-3, of skewness √(6/n) = 2.4e-3, of excess kurtosis
/// √(24/n) = 4.9e-3), so a correct generator fails about once in 10^6 runs.
/// </summary>
public class CounterRandomTests
{
    private const int N = 1_000_000;

    [Fact]
    public void NormalsHaveStandardMomentsAndTails()
    {
        var z = new float[N];
        CounterRandom.FillNormal(CounterRandom.Key(42, 1), 0, z);
        double sum = 0, sum2 = 0, sum3 = 0, sum4 = 0;
        int within1 = 0, within2 = 0, within3 = 0;
        foreach (float v in z)
        {
            Assert.True(float.IsFinite(v) && Math.Abs(v) <= 6.67f, $"sample {v} out of range");
            double x = v;
            sum += x;
            sum2 += x * x;
            sum3 += x * x * x;
            sum4 += x * x * x * x;
            within1 += Math.Abs(x) < 1 ? 1 : 0;
            within2 += Math.Abs(x) < 2 ? 1 : 0;
            within3 += Math.Abs(x) < 3 ? 1 : 0;
        }

        double mean = sum / N;
        double variance = (sum2 / N) - (mean * mean);
        Assert.InRange(mean, -5e-3, 5e-3);
        Assert.InRange(variance, 1 - 7e-3, 1 + 7e-3);
        Assert.InRange(sum3 / N, -0.012, 0.012);
        Assert.InRange((sum4 / N) - 3, -0.025, 0.025);

        // Φ-based tail fractions with binomial SE √(p(1−p)/n): 4.7e-4, 2.1e-4, 5.2e-5; tolerance five SE.
        Assert.InRange(within1 / (double)N, 0.682689 - 2.4e-3, 0.682689 + 2.4e-3);
        Assert.InRange(within2 / (double)N, 0.954500 - 1.1e-3, 0.954500 + 1.1e-3);
        Assert.InRange(within3 / (double)N, 0.997300 - 2.6e-4, 0.997300 + 2.6e-4);
    }

    [Fact]
    public void UniformsAreUniform()
    {
        ulong key = CounterRandom.Key(3, 9);
        var counts = new int[10];
        double sum = 0;
        for (int i = 0; i < N; i++)
        {
            float u = CounterRandom.Uniform(key, (ulong)i);
            Assert.InRange(u, 0f, 0.99999995f);
            sum += u;
            counts[(int)(u * 10)]++;
        }

        Assert.InRange(sum / N, 0.5 - 1.5e-3, 0.5 + 1.5e-3); // SE √(1/12n) = 2.9e-4
        foreach (int c in counts)
        {
            Assert.InRange(c, 100_000 - 1_500, 100_000 + 1_500); // SE 300
        }
    }

    [Fact]
    public void DifferentKeysGiveUncorrelatedStreams()
    {
        var a = new float[N];
        var b = new float[N];
        CounterRandom.FillNormal(CounterRandom.Key(1, 0), 0, a);
        CounterRandom.FillNormal(CounterRandom.Key(1, 1), 0, b);
        var shifted = new float[N];
        CounterRandom.FillNormal(CounterRandom.Key(1, 0), 1, shifted);
        Assert.InRange(Correlation(a, b), -5e-3, 5e-3);
        Assert.InRange(Correlation(a, shifted), -5e-3, 5e-3); // neighbouring counters are independent
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(13)]
    [InlineData(1000)]
    public void ValuesArePureFunctionsOfKeyAndCounter(int start)
    {
        ulong key = CounterRandom.Key(5, 6, 7);
        var block = new float[29];
        CounterRandom.FillNormal(key, (ulong)start, block);
        for (int i = 0; i < block.Length; i++)
        {
            Assert.Equal(CounterRandom.Normal(key, (ulong)(start + i)), block[i]);
            Assert.Equal(CounterRandom.Uniform(key, (ulong)(start + i)), CounterRandom.Uniform8(key, (ulong)(start + i)).GetElement(0));
        }

        var shiftedBlock = new float[29];
        CounterRandom.FillNormal(key, (ulong)start + 3, shiftedBlock);
        Assert.Equal(block.AsSpan(3).ToArray(), shiftedBlock.AsSpan(0, 26).ToArray());
    }

    private static double Correlation(float[] x, float[] y)
    {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sx += x[i];
            sy += y[i];
            sxx += x[i] * (double)x[i];
            syy += y[i] * (double)y[i];
            sxy += x[i] * (double)y[i];
        }

        double n = x.Length;
        double cov = (sxy / n) - (sx / n * (sy / n));
        return cov / Math.Sqrt(((sxx / n) - (sx / n * (sx / n))) * ((syy / n) - (sy / n * (sy / n))));
    }
}
