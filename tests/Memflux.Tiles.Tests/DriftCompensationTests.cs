namespace Memflux.Tiles.Tests;

public class DriftCompensationTests
{
    private const double Day = 86400;

    /// <summary>The least-squares gain g minimizing ||y − g·reference|| over one column (all when null).</summary>
    private static double Gain(float[] y, double[] reference, int n, int? column = null)
    {
        double num = 0, den = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (column is { } c && i % n != c)
            {
                continue;
            }

            num += y[i] * reference[i];
            den += reference[i] * reference[i];
        }

        return num / den;
    }

    private static (float[] Y, double[] Reference) Run(TileConfig config, GaussianDriftDevice device, int m, int k, int n, double time)
    {
        var w = TestData.Uniform(k * n, 51);
        var x = TestData.Uniform(m * k, 52, 0, 1);
        var matrix = new AnalogMatrix(w, k, n, config, device, 4, 0);
        matrix.Read(time, 1);
        var y = new float[m * n];
        matrix.Multiply(x, m, y);
        return (y, TestData.Product(x, w, m, k, n));
    }

    [Fact]
    public void GlobalCompensationRestoresTheMeanOutputAfterDrift()
    {
        var device = new GaussianDriftDevice(programSigma: 0, drift: 0.06);
        double expectedDrift = Math.Pow((Day + 20) / 20, -0.06); // 0.605
        var plain = TileConfig.Ideal with { Rows = 32, Columns = 16 };
        var (y, reference) = Run(plain, device, 20, 70, 40, Day);
        Assert.Equal(expectedDrift, Gain(y, reference, 40), 4);

        var (yc, _) = Run(plain with { DriftCompensation = DriftCompensation.Global }, device, 20, 70, 40, Day);
        Assert.Equal(1.0, Gain(yc, reference, 40), 4);

        // With the pcm periphery (8-bit DAC/ADC, output noise 0.04 in the readout too) the mean still comes back within 3 %.
        var (yp, _) = Run(TileConfig.Pcm with { Rows = 32, Columns = 16 }, new GaussianDriftDevice(0.3, 0.06, 0.1), 20, 70, 40, Day);
        Assert.InRange(Gain(yp, reference, 40), 0.97, 1.03);
    }

    [Fact]
    public void PerColumnCompensationUndoesColumnDependentDrift()
    {
        const int columns = 16;
        // ν grows with the tile column (device i of a block sits in column i mod 16): 0.02 … 0.095.
        var device = new GaussianDriftDevice(0, driftOf: i => 0.02 + (0.005 * (i % columns)));
        var config = TileConfig.Ideal with { Rows = 32, Columns = columns };
        var (yGlobal, reference) = Run(config with { DriftCompensation = DriftCompensation.Global }, device, 20, 64, 32, Day);
        var (yColumn, _) = Run(config with { DriftCompensation = DriftCompensation.PerColumn }, device, 20, 64, 32, Day);
        double worstGlobal = 0;
        for (int j = 0; j < 32; j++)
        {
            Assert.Equal(1.0, Gain(yColumn, reference, 32, j), 4);
            worstGlobal = Math.Max(worstGlobal, Math.Abs(Gain(yGlobal, reference, 32, j) - 1));
        }

        Assert.True(worstGlobal > 0.1, $"global compensation left at most {worstGlobal} per column");
    }

    [Fact]
    public void AffineCorrectionRemovesAColumnGainError()
    {
        // Programming noise on a 16-row tile leaves each column with a gain error; the affine fit on 64 calibration
        // vectors takes the mean-square error down.
        var device = new GaussianDriftDevice(programSigma: 1.5);
        var config = TileConfig.Ideal with { Rows = 16, Columns = 16 };
        var (y, reference) = Run(config, device, 64, 16, 16, 0);
        var (ya, _) = Run(config with { AffineCorrection = true, AffineCalibrationVectors = 256 }, device, 64, 16, 16, 0);
        double error = TestData.RelativeError(y, reference), corrected = TestData.RelativeError(ya, reference);
        Assert.True(corrected < error, $"{corrected} vs {error}");
    }

    /// <summary>
    /// The reference r_ref of global compensation (ideal periphery: r = mean |Ŵ|) is, with
    /// <see cref="DriftReference.ProgrammedWeights"/>, the mean |G⁺ − G⁻|/g_max of the programmed conductances computed
    /// here independently (relative 1e-5, float sums); with the default it is a read with read noise (1 µS), which
    /// differs from that by more than 1e-3.
    /// </summary>
    [Fact]
    public void DriftReferenceIsTheProgrammedWeightsOrARead()
    {
        const int k = 32, n = 16;
        var device = new GaussianDriftDevice(programSigma: 0.5, drift: 0.05, readSigma: 1.0);
        var w = TestData.Uniform(k * n, 61);
        var config = TileConfig.Ideal with { Rows = k, Columns = n, DriftCompensation = DriftCompensation.Global };
        var programmed = new AnalogMatrix(w, k, n, config with { DriftReference = DriftReference.ProgrammedWeights }, device, 4, 0);
        var read = new AnalogMatrix(w, k, n, config, device, 4, 0);

        var state = programmed.TileStates[0];
        double sum = 0;
        for (int i = 0; i < k * n; i++)
        {
            sum += Math.Abs(state.Devices[0].ProgrammedAt(i) - state.Devices[1].ProgrammedAt(i)) / 25.0;
        }

        double expected = sum / (k * n);
        Assert.Equal(expected, state.DriftReference[0], expected * 1e-5);
        Assert.True(Math.Abs(read.TileStates[0].DriftReference[0] - expected) > 1e-3 * expected);
    }
}
