using Memflux.Devices;
using static Memflux.Samples.Tests.SampleRun;

namespace Memflux.Samples.Tests;

public class PcmDriftSampleTests
{
    [Fact]
    public void Conductance_decays_and_the_exponent_seen_is_the_models_mean_less_its_spread()
    {
        string output = Run("PcmDrift");
        var rows = output.Split('\n').Select(Fields).Where(f => f.Length == 9 && double.TryParse(f[0], System.Globalization.CultureInfo.InvariantCulture, out _)).ToArray();
        Assert.Equal(3, rows.Length);
        var p = new PcmParameters();
        foreach (var row in rows)
        {
            double target = Number(row[0]);
            double[] means = [.. row[1..7].Select(Number)];
            Assert.InRange(means[0], target * 0.98, target * 1.02); // 1 s: programmed, barely drifted (±2%: programming noise over 20,000 devices)
            for (int t = 1; t < means.Length; t++)
            {
                Assert.True(means[t] < means[t - 1], $"target {target}: the mean at time {t} ({means[t]}) is not below the one before ({means[t - 1]})");
            }

            // ν ~ N(μ, σ) per device: E[f^−ν] = exp(−μ ln f + σ²(ln f)²/2), so the exponent of the mean between f1 and
            // f2 is μ − σ²(ln²f2 − ln²f1) / (2 ln(f2/f1)). Tolerance 0.0015: sampling error of 20,000 devices and the
            // clip of ν at 0 are below 0.001 at these targets.
            double g = target / p.GMaxMicroSiemens, mu = PcmDevice.DriftExponentMean(g, p), sigma = PcmDevice.DriftExponentStd(g, p);
            double f1 = Math.Log((1 + p.DriftT0Seconds) / p.DriftT0Seconds), f2 = Math.Log(((365 * 86400.0) + p.DriftT0Seconds) / p.DriftT0Seconds);
            double expected = mu - (sigma * sigma * ((f2 * f2) - (f1 * f1)) / (2 * (f2 - f1)));
            Assert.Equal(mu, Number(row[8]), 4);
            Assert.InRange(Number(row[7]), expected - 0.0015, expected + 0.0015);
        }
    }
}
