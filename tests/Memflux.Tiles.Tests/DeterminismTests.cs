namespace Memflux.Tiles.Tests;

public class DeterminismTests
{
    private static float[] Run(int? threads, ulong seed)
    {
        int m = 70, k = 300, n = 150;
        var w = TestData.Uniform(k * n, 71);
        var x = TestData.Uniform(m * k, 72);
        var config = TileConfig.PcmHermes with { Rows = 64, Columns = 64, ProgramVerify = new(0.02, 3), IrDrop = new(0.35), DriftCompensation = DriftCompensation.PerColumn };
        var device = new GaussianDriftDevice(programSigma: 0.8, drift: 0.05, readSigma: 0.2);
        var matrix = new AnalogMatrix(w, k, n, config, device, seed, 5) { MaxDegreeOfParallelism = threads };
        matrix.Read(3600, 2);
        var y = new float[2 * m * n];
        matrix.Multiply(x, m, y.AsSpan(0, m * n));
        matrix.Multiply(x, m, y.AsSpan(m * n));
        return y;
    }

    [Fact]
    public void SameSeedGivesBitIdenticalOutputsAtAnyThreadCount()
    {
        float[] one = Run(1, 8), two = Run(2, 8), all = Run(null, 8);
        Assert.Equal(one, two);
        Assert.Equal(one, all);
        Assert.NotEqual(one, Run(null, 9));
    }

    [Fact]
    public void OutputNoiseIsFreshPerCallAndReproducibleByCallIndex()
    {
        float[] y = Run(null, 8);
        int half = y.Length / 2;
        Assert.NotEqual(y.AsSpan(0, half).ToArray(), y.AsSpan(half).ToArray());
    }
}
