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

    public int ProgramCalls { get; private set; }

    protected override void ProgramCore(ReadOnlySpan<float> targetMicroSiemens, DeviceState state, ulong key)
    {
        ProgramCalls++;
        for (int i = 0; i < state.Count; i++)
        {
            double g = targetMicroSiemens[i] + (programSigma * CounterRandom.Normal(key, (ulong)i));
            state.Programmed[i] = (float)Math.Clamp(g, 0, gMax);
            state.DriftExponent[i] = (float)(driftOf?.Invoke(i) ?? drift);
            state.Faults[i] = DeviceFault.None;
        }
    }

    protected override void ReadCore(DeviceState state, double timeSeconds, ulong key, ulong readIndex, Span<float> destinationMicroSiemens)
    {
        ulong readKey = CounterRandom.Key(key, readIndex);
        for (int i = 0; i < state.Count; i++)
        {
            double g = state.Programmed[i] * Math.Pow((timeSeconds + T0) / T0, -state.DriftExponent[i]);
            g += readSigma * CounterRandom.Normal(readKey, (ulong)i);
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
