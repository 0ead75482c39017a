using Memflux.Devices;

namespace Memflux.Tiles.Tests;

public class TilingTests
{
    [Theory]
    [InlineData(1, 1, 1, 256, 256)]
    [InlineData(7, 300, 530, 128, 100)] // 3×6 tiles with ragged edges
    [InlineData(33, 257, 65, 64, 32)]
    [InlineData(2, 31, 700, 16, 256)]
    public void IdealTilesGiveTheExactProduct(int m, int k, int n, int rows, int columns)
    {
        var w = TestData.Uniform(k * n, 1);
        var x = TestData.Uniform(m * k, 2);
        var config = TileConfig.Ideal with { Rows = rows, Columns = columns, NoiseManagement = NoiseManagement.AbsMax };
        var matrix = new AnalogMatrix(w, k, n, config, new IdealDevice(), seed: 5, matrixId: 3);
        Assert.Equal(((k + rows - 1) / rows) * ((n + columns - 1) / columns), matrix.TileCount);
        matrix.Read(3600, 0);
        var y = new float[m * n];
        matrix.Multiply(x, m, y);
        Assert.True(TestData.RelativeError(y, TestData.Product(x, w, m, k, n)) < 1e-5);
    }

    [Theory]
    [InlineData(WeightScaling.PerTile)]
    [InlineData(WeightScaling.PerColumn)]
    public void IdealMappingRoundTrips(WeightScaling scaling)
    {
        int k = 70, n = 45;
        var w = TestData.Uniform(k * n, 7);
        var config = TileConfig.Ideal with { Rows = 32, Columns = 20, Mapping = new(scaling) };
        var matrix = new AnalogMatrix(w, k, n, config, new IdealDevice(), 1, 0);
        matrix.Read(0, 0);
        foreach (var tile in matrix.Tiles)
        {
            var scales = tile.State.ColumnScales;
            if (scaling == WeightScaling.PerTile)
            {
                Assert.All(scales, s => Assert.Equal(scales[0], s));
            }

            float largest = 0;
            for (int i = 0; i < tile.Rows; i++)
            {
                for (int j = 0; j < tile.Columns; j++)
                {
                    float expected = w[((tile.RowOffset + i) * n) + tile.ColumnOffset + j];
                    float normalized = tile.EffectiveWeights[(i * tile.Columns) + j];
                    largest = Math.Max(largest, Math.Abs(normalized));
                    Assert.True(Math.Abs(expected - (normalized * scales[j])) <= 1e-6, $"{expected} vs {normalized * scales[j]}");
                }
            }

            Assert.Equal(1f, largest, 6); // the largest weight maps to g_max
        }
    }

    [Fact]
    public void ClippingAtSigmaSaturatesTheTail()
    {
        float[] w = [0.1f, -0.1f, 0.1f, -0.1f, 0.1f, -0.1f, 0.1f, 5f];
        var config = TileConfig.Ideal with { Mapping = new(WeightScaling.PerTile, WeightClip.Sigma, 1.0) };
        double sigma = config.Mapping.ClipLevel(w);
        var matrix = new AnalogMatrix(w, 8, 1, config, new IdealDevice(), 1, 0);
        matrix.Read(0, 0);
        var y = new float[1];
        matrix.Multiply([0, 0, 0, 0, 0, 0, 0, 1], 1, y);
        Assert.Equal(sigma, y[0], 5);
        Assert.True(sigma < 5);
    }

    [Fact]
    public void SplittingMatchesANaivePerTileReference()
    {
        // 4-bit DAC with abs-max per tile row block and a 6-bit ADC: the tiled result must equal a scalar reference that
        // quantizes each row block's input slice on its own and adds the row blocks' outputs after their ADCs.
        int m = 5, k = 50, n = 23, rows = 16, columns = 10;
        var w = TestData.Uniform(k * n, 11);
        var x = TestData.Uniform(m * k, 12);
        var config = TileConfig.Ideal with
        {
            Rows = rows,
            Columns = columns,
            NoiseManagement = NoiseManagement.AbsMax,
            Dac = new DacSpec(4, 1.0),
            Adc = new AdcSpec(6, 4.0),
            Mapping = new(WeightScaling.PerTile),
        };
        var matrix = new AnalogMatrix(w, k, n, config, new IdealDevice(), 1, 0);
        matrix.Read(0, 0);
        var y = new float[m * n];
        matrix.Multiply(x, m, y);

        var expected = new double[m * n];
        double adcStep = Quantizer.StepSize(6, 4.0);
        foreach (var tile in matrix.Tiles)
        {
            float scale = tile.State.ColumnScales[0];
            for (int r = 0; r < m; r++)
            {
                var slice = x.AsSpan((r * k) + tile.RowOffset, tile.Rows).ToArray();
                float alpha = slice.Max(Math.Abs);
                var xq = new float[slice.Length];
                Quantizer.Quantize(slice.Select(v => v / alpha).ToArray(), xq, 4, 1.0);
                for (int j = 0; j < tile.Columns; j++)
                {
                    double analog = 0;
                    for (int i = 0; i < tile.Rows; i++)
                    {
                        analog += xq[i] * (w[((tile.RowOffset + i) * n) + tile.ColumnOffset + j] / (double)scale);
                    }

                    double adc = Math.Clamp(Math.Round(analog / adcStep) * adcStep, -4.0, 4.0);
                    expected[(r * n) + tile.ColumnOffset + j] += adc * alpha * scale;
                }
            }
        }

        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(expected[i], y[i], 4);
        }
    }

    [Fact]
    public void MultiplyNeedsARead()
    {
        var matrix = new AnalogMatrix(new float[4], 2, 2, TileConfig.Ideal, new IdealDevice(), 1, 0);
        Assert.Throws<InvalidOperationException>(() => matrix.Multiply(new float[2], 1, new float[2]));
        Assert.Throws<ArgumentException>(() => new AnalogMatrix(new float[3], 2, 2, TileConfig.Ideal, new IdealDevice(), 1, 0));
    }
}
