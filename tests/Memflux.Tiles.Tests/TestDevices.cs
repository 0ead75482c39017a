using Memflux.Devices;
using Memflux.Numerics;

namespace Memflux.Tiles.Tests;

/// <summary>
/// A noisy test double: programming adds Gaussian noise σ_prog (µS), clamped to [0, g_max]; every device drifts as
/// g·((t + t0)/t0)^(−ν) with one ν (or ν = driftOf(device index)); reads add Gaussian noise σ_read (µS) keyed by the read index.
/// </summary>
internal sealed class GaussianDriftDevice(double programSigma, double drift = 0, double readSigma = 0, double gMax = 25, Func<int, double>? driftOf = null) : DeviceModel
{
    private const double T0 = 20;

    public override string Name => "gaussian-test";

    public override double GMaxMicroSiemens => gMax;

    protected override void ProgramDevices(ReadOnlySpan<float> targetMicroSiemens, Span<float> programmedMicroSiemens, Span<float> driftParameter, ulong key, int firstDevice)
    {
        for (int i = 0; i < targetMicroSiemens.Length; i++)
        {
            double g = targetMicroSiemens[i] + (programSigma * CounterRandom.Normal(key, (ulong)(firstDevice + i)));
            programmedMicroSiemens[i] = (float)Math.Clamp(g, 0, gMax);
            driftParameter[i] = (float)(driftOf?.Invoke(firstDevice + i) ?? drift);
        }
    }

    protected override void ReadDevices(
        ReadOnlySpan<float> programmedMicroSiemens, ReadOnlySpan<float> driftParameter, double timeSeconds, ulong readKey, int firstDevice, Span<float> destinationMicroSiemens)
    {
        for (int i = 0; i < programmedMicroSiemens.Length; i++)
        {
            double g = programmedMicroSiemens[i] * Math.Pow((timeSeconds + T0) / T0, -driftParameter[i]);
            g += readSigma * CounterRandom.Normal(readKey, (ulong)(firstDevice + i));
            destinationMicroSiemens[i] = (float)Math.Max(g, 0);
        }
    }
}

internal static class TestData
{
    public static float[] Uniform(int count, ulong seed, float low = -1, float high = 1)
    {
        var values = new float[count];
        ulong key = CounterRandom.Key(seed, 99);
        for (int i = 0; i < count; i++)
        {
            values[i] = low + ((high - low) * CounterRandom.Uniform(key, (ulong)i));
        }

        return values;
    }

    /// <summary>Naive y = x·W in double.</summary>
    public static double[] Product(float[] x, float[] w, int m, int k, int n)
    {
        var y = new double[m * n];
        for (int r = 0; r < m; r++)
        {
            for (int i = 0; i < k; i++)
            {
                double xi = x[(r * k) + i];
                for (int j = 0; j < n; j++)
                {
                    y[(r * n) + j] += xi * w[(i * n) + j];
                }
            }
        }

        return y;
    }

    public static double RelativeError(ReadOnlySpan<float> actual, double[] expected)
    {
        double num = 0, den = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            num += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            den += expected[i] * expected[i];
        }

        return Math.Sqrt(num / den);
    }
}
