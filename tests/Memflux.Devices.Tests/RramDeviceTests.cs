namespace Memflux.Devices.Tests;

/// <summary>The RRAM model's fits and, over 10^6 devices, its spreads (tolerances ≈ five standard errors unless stated).</summary>
public class RramDeviceTests
{
    private const int N = 1_000_000;
    private static readonly RramParameters P = RramParameters.Default;

    [Theory]
    [InlineData(0.0, 0.348)]
    [InlineData(0.5, 2.0229375)] // 0.348 + 16.030/2 − 43.853/4 + 45.393/8 − 16.815/16
    [InlineData(1.0, 1.103)] // the sum of the coefficients
    public void ProgrammingSigmaIsTheOneSecondFit(double gHat, double sigma) =>
        Assert.Equal(sigma, RramDevice.TotalSigmaMicroSiemens(gHat, 1.0, P), 4);

    [Fact]
    public void TotalSigmaInterpolatesInLogTimeAndHoldsOutside()
    {
        Assert.Equal(RramDevice.TotalSigmaMicroSiemens(0.5, 1, P), RramDevice.TotalSigmaMicroSiemens(0.5, 0, P));
        Assert.Equal(3.909, RramDevice.TotalSigmaMicroSiemens(0.5, 86_400, P), 4);
        double atGeometricMiddle = RramDevice.TotalSigmaMicroSiemens(0.5, Math.Sqrt(86_400), P);
        Assert.Equal((2.0229375 + 3.909) / 2, atGeometricMiddle, 3);
        Assert.Equal(RramDevice.TotalSigmaMicroSiemens(0.5, 172_800, P), RramDevice.TotalSigmaMicroSiemens(0.5, 3.15e7, P));
        Assert.Equal(2 * RramDevice.TotalSigmaMicroSiemens(0.5, 86_400, P), RramDevice.TotalSigmaMicroSiemens(0.5, 86_400, P with { GMaxMicroSiemens = 80 }), 10);
    }

    [Fact]
    public void SpreadAroundTargetIsTheFitAtProgrammingAndAfterOneDay()
    {
        var model = new RramDevice();
        const float Target = 20f; // ĝ = 0.5: far from 0, so clipping at 0 is negligible (> 5σ)
        DeviceState state = DeviceModelContract.Programmed(model, Enumerable.Repeat(Target, N).ToArray(), 21);
        double readSigma = P.ReadNoiseSigmaRelativeToGMax * P.GMaxMicroSiemens;

        (double mean, double sd) = PcmDeviceTests.MeanSd(state.Programmed());
        double sigmaProgram = RramDevice.TotalSigmaMicroSiemens(0.5, 1, P);
        Assert.InRange(mean, Target - (5 * sigmaProgram / 1000), Target + (5 * sigmaProgram / 1000));
        Assert.InRange(sd / sigmaProgram, 1 - 3.5e-3, 1 + 3.5e-3);

        (mean, sd) = PcmDeviceTests.MeanSd(DeviceModelContract.Read(model, state, 86_400, 21, 0));
        double expected = Math.Sqrt(Math.Pow(RramDevice.TotalSigmaMicroSiemens(0.5, 86_400, P), 2) + (readSigma * readSigma));
        Assert.InRange(mean, Target - (5 * expected / 1000), Target + (5 * expected / 1000));

        // σ_r is evaluated at g_prog (spread 2 µS of 40 µS), not at the target: 1 % allowance on top of sampling error.
        Assert.InRange(sd / expected, 0.99, 1.01);
    }

    [Fact]
    public void ReadNoiseIsOnePercentOfGMaxPerRead()
    {
        var model = new RramDevice();
        var state = new DeviceState(N);
        state.Set(0, Enumerable.Repeat(20f, N).ToArray(), new float[N]); // ξ_r = 0: no relaxation, read noise only
        float[] a = DeviceModelContract.Read(model, state, 3600, 1, 0);
        (_, double sd) = PcmDeviceTests.MeanSd(a);
        Assert.InRange(sd / 0.4, 1 - 3.5e-3, 1 + 3.5e-3);
    }

    [Fact]
    public void BadCoefficientsAreNamed()
    {
        var error = Assert.Throws<Numerics.MemfluxException>(() => new RramDevice(P with { SigmaAt1DayMicroSiemens = [1, 2] }));
        Assert.Contains(nameof(RramParameters.SigmaAt1DayMicroSiemens), error.Message, StringComparison.Ordinal);
    }
}
