using Memflux.Devices;

namespace Memflux.Tiles.Tests;

public class ProgrammingTests
{
    private static double WeightError(AnalogMatrix matrix, float[] w, int n)
    {
        double num = 0, den = 0;
        foreach (var tile in matrix.Tiles)
        {
            for (int i = 0; i < tile.Rows; i++)
            {
                for (int j = 0; j < tile.Columns; j++)
                {
                    double target = w[((tile.RowOffset + i) * n) + tile.ColumnOffset + j];
                    double actual = tile.EffectiveWeights[(i * tile.Columns) + j] * tile.State.ColumnScales[j];
                    num += (actual - target) * (actual - target);
                    den += target * target;
                }
            }
        }

        return Math.Sqrt(num / den);
    }

    [Fact]
    public void ProgramVerifyReducesErrorAndRecordsIterations()
    {
        int k = 64, n = 48;
        var w = TestData.Uniform(k * n, 21);
        var device = new GaussianDriftDevice(programSigma: 1.0);
        var once = new AnalogMatrix(w, k, n, TileConfig.Ideal, device, 7, 0);
        var verified = new AnalogMatrix(w, k, n, TileConfig.Ideal with { ProgramVerify = new(0.02, 6) }, device, 7, 0);
        once.Read(0, 0);
        verified.Read(0, 0);
        double errorOnce = WeightError(once, w, n), errorVerified = WeightError(verified, w, n);
        Assert.True(errorVerified < errorOnce / 2, $"{errorVerified} vs {errorOnce}");
        Assert.Equal(2L * k * n, once.TotalProgramOperations); // G⁺ and G⁻, programmed once each

        // σ = 1 µS against a tolerance of 0.5 µS: most devices need retries, none more than 1 + 6.
        var counts = verified.Tiles.SelectMany(t => t.State.ProgramIterations).SelectMany(c => c).ToArray();
        Assert.All(counts, c => Assert.InRange(c, 1, 7));
        Assert.Contains(counts, c => c == 1);
        Assert.Contains(counts, c => c > 2);
        Assert.True(verified.TotalProgramOperations > once.TotalProgramOperations);

        // Every device that stopped before the limit is within tolerance.
        var tile0 = verified.Tiles[0];
        for (int p = 0; p < 2; p++)
        {
            var state = tile0.State.Devices[p];
            for (int i = 0; i < state.Count; i++)
            {
                if (tile0.State.ProgramIterations[p][i] < 7)
                {
                    int row = i / tile0.Columns, col = i % tile0.Columns;
                    double target = w[(row * n) + col] / tile0.State.ColumnScales[col];
                    double g = p == 0 ? Math.Max(target, 0) * 25 : Math.Max(-target, 0) * 25;
                    Assert.True(Math.Abs(state.ProgrammedAt(i) - g) <= 0.5 + 1e-4, $"device {i}: {state.ProgrammedAt(i)} vs {g}");
                }
            }
        }
    }

    [Fact]
    public void SlicesHoldTheWeightAndTheSecondCorrectsTheFirst()
    {
        int k = 40, n = 40;
        var w = TestData.Uniform(k * n, 31);
        var ideal = new AnalogMatrix(w, k, n, TileConfig.Ideal with { Mapping = new(SlicesPerWeight: 3, SliceBase: 2) }, new IdealDevice(), 1, 0);
        ideal.Read(0, 0);
        Assert.True(WeightError(ideal, w, n) < 1e-6);
        var tile = ideal.Tiles[0];
        Assert.Equal(6, tile.State.Devices.Count);
        for (int s = 0; s < 3; s++)
        {
            // Ideal devices: every slice holds ŵ itself.
            float d = (tile.State.Devices[2 * s].ProgrammedAt(5) - tile.State.Devices[(2 * s) + 1].ProgrammedAt(5)) / 25f;
            Assert.Equal(tile.EffectiveWeights[5], d, 5);
        }

        var device = new GaussianDriftDevice(programSigma: 1.0);
        var one = new AnalogMatrix(w, k, n, TileConfig.Ideal, device, 3, 0);
        var two = new AnalogMatrix(w, k, n, TileConfig.Ideal with { Mapping = new(SlicesPerWeight: 2, SliceBase: 1) }, device, 3, 0);
        one.Read(0, 0);
        two.Read(0, 0);
        double e1 = WeightError(one, w, n), e2 = WeightError(two, w, n);
        // The second pair writes the first pair's residual: error σ/2 instead of σ (equal significance), not just σ/√2.
        Assert.True(e2 < 0.6 * e1, $"{e2} vs {e1}");
    }

    [Fact]
    public void ReprogramDrawsFreshNoiseAndRestoreRebuildsBitExactly()
    {
        int k = 30, n = 20;
        var w = TestData.Uniform(k * n, 41);
        var device = new GaussianDriftDevice(programSigma: 0.5, drift: 0.05, readSigma: 0.2);
        var config = TileConfig.Pcm with { Rows = 16, Columns = 8, AffineCorrection = true };
        var matrix = new AnalogMatrix(w, k, n, config, device, 9, 2);
        var before = (float[])matrix.Tiles[0].State.Devices[0].Programmed().Clone();
        matrix.Reprogram(w);
        Assert.Equal(1, matrix.ProgramEpoch);
        Assert.NotEqual(before, matrix.Tiles[0].State.Devices[0].Programmed());

        var copy = AnalogMatrix.Restore(k, n, config, device, 9, 2, matrix.ProgramEpoch, matrix.Tiles.Select(t => t.State).ToArray());
        var x = TestData.Uniform(3 * k, 42);
        var y1 = new float[3 * n];
        var y2 = new float[3 * n];
        matrix.Read(86400, 4);
        copy.Read(86400, 4);
        matrix.Multiply(x, 3, y1, 17);
        copy.Multiply(x, 3, y2, 17);
        Assert.Equal(y1, y2);
        Assert.Throws<Numerics.MemfluxException>(() => AnalogMatrix.Restore(k, n, config, device, 9, 2, 1, matrix.Tiles.Take(2).Select(t => t.State).ToArray()));
    }
}
