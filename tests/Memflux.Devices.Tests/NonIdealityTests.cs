using Memflux.Numerics;

namespace Memflux.Devices.Tests;

/// <summary>The template's non-idealities over 10^6 devices; tolerances are five binomial or normal standard errors.</summary>
public class NonIdealityTests
{
    private const int N = 1_000_000;

    [Fact]
    public void FaultFractionsAndStuckValuesAreAsConfigured()
    {
        var model = new PcmDevice(PcmParameters.Default, new DeviceNonIdealities(0.01, 0.02, 0.05));
        float[] targets = DeviceModelContract.Targets(N, model.GMaxMicroSiemens);
        DeviceState state = DeviceModelContract.Programmed(model, targets, 9);
        AssertFraction(state, DeviceFault.StuckAtMin, 0.01);
        AssertFraction(state, DeviceFault.StuckAtMax, 0.02);
        AssertFraction(state, DeviceFault.StuckAtRandom, 0.05);

        float[] read = DeviceModelContract.Read(model, state, 3.15e7, 9, 4);
        double randomSum = 0;
        int randomCount = 0;
        for (int i = 0; i < N; i++)
        {
            switch (state.FaultOf(i))
            {
                case DeviceFault.StuckAtMin: Assert.Equal(0f, read[i]); break;
                case DeviceFault.StuckAtMax: Assert.Equal(25f, read[i]); break;
                case DeviceFault.StuckAtRandom:
                    Assert.Equal(state.ProgrammedAt(i), read[i]);
                    Assert.Equal(0f, state.DriftAt(i));
                    randomSum += read[i];
                    randomCount++;
                    break;
            }
        }

        // Uniform on [0, 25]: mean 12.5, SE 25/√(12·50 000) = 0.032.
        Assert.InRange(randomSum / randomCount, 12.5 - 0.16, 12.5 + 0.16);
    }

    [Fact]
    public void TargetsAreRoundedToTheLevelsBeforeProgramming()
    {
        var model = new IdealDevice(30, new DeviceNonIdealities(ProgrammableLevels: 4)); // levels 0, 10, 20, 30 µS
        DeviceState state = DeviceModelContract.Programmed(model, [0f, 4.9f, 5.1f, 14f, 16f, 24.99f, 25.01f, 30f], 1);
        Assert.Equal([0f, 0f, 10f, 10f, 20f, 20f, 30f, 30f], state.Programmed());

        var pcm = new PcmDevice(PcmParameters.Default, new DeviceNonIdealities(ProgrammableLevels: 2)); // 0 or 25 µS
        DeviceState noisy = DeviceModelContract.Programmed(pcm, Enumerable.Repeat(13f, N).ToArray(), 2);
        (double mean, double sd) = PcmDeviceTests.MeanSd(noisy.Programmed());
        Assert.InRange(mean, 25 - 5e-3, 25 + 5e-3); // programmed around the level, with σ_prog(1) = 1.055 µS
        Assert.InRange(sd, 1.0554 * (1 - 3.5e-3), 1.0554 * (1 + 3.5e-3));
    }

    [Fact]
    public void GMaxSpreadScalesEachDevicesTarget()
    {
        var model = new IdealDevice(25, new DeviceNonIdealities(GMaxDeviceSpreadRelative: 0.1));
        DeviceState state = DeviceModelContract.Programmed(model, Enumerable.Repeat(20f, N).ToArray(), 5);
        (double mean, double sd) = PcmDeviceTests.MeanSd(state.Programmed());
        Assert.InRange(mean, 20 - 0.01, 20 + 0.01); // σ = 2 µS, SE 2e-3
        Assert.InRange(sd, 2 * (1 - 3.5e-3), 2 * (1 + 3.5e-3));
    }

    [Theory]
    [InlineData(-0.1, 0, 0, null, 0, "StuckAtMinFraction must lie in [0, 1], found -0.1")]
    [InlineData(0.5, 0.4, 0.2, null, 0, "stuck-at fractions must sum to at most 1")]
    [InlineData(0, 0, 0, 1, 0, "ProgrammableLevels must be at least 2")]
    [InlineData(0, 0, 0, null, 0.5, "GMaxDeviceSpreadRelative must lie in [0, 0.5), found 0.5")]
    [InlineData(0, double.NaN, 0, null, 0, "StuckAtMaxFraction must lie in [0, 1], found NaN")]
    public void InvalidNonIdealitiesAreNamed(double min, double max, double random, int? levels, double spread, string expected)
    {
        var error = Assert.Throws<MemfluxException>(() => new IdealDevice(25, new DeviceNonIdealities(min, max, random, levels, spread)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static void AssertFraction(DeviceState state, DeviceFault fault, double p)
    {
        double observed = Enumerable.Range(0, state.Count).Count(i => state.FaultOf(i) == fault) / (double)state.Count;
        double tolerance = 5 * Math.Sqrt(p * (1 - p) / state.Count);
        Assert.InRange(observed, p - tolerance, p + tolerance);
    }
}
