using static Memflux.Samples.Tests.SampleRun;

namespace Memflux.Samples.Tests;

public class TileAdcBitsSampleTests
{
    [Fact]
    public void Error_halves_per_bit_then_stops_at_saturation_on_ideal_devices_and_at_device_noise_on_pcm()
    {
        string output = Run("TileAdcBits");
        var rows = output.Split('\n').Select(Fields).Where(f => f.Length == 3 && (int.TryParse(f[0], out _) || f[0] == "none")).ToArray();
        Assert.Equal(["4", "5", "6", "7", "8", "9", "10", "12", "none"], rows.Select(r => r[0]));
        double[] ideal = [.. rows.Select(r => Number(r[1]))], pcm = [.. rows.Select(r => Number(r[2]))];
        for (int i = 1; i < ideal.Length; i++)
        {
            Assert.True(ideal[i] <= ideal[i - 1], $"ideal devices: {rows[i][0]} bits ({ideal[i]}) worse than {rows[i - 1][0]} ({ideal[i - 1]})");
        }

        Assert.InRange(ideal[0] / ideal[1], 1.6, 2.4); // 4 → 5 bits: the quantisation step halves
        Assert.Equal(NaiveSaturationError(), ideal[^1], 3); // no ADC bits: only the ±10 saturation is left
        Assert.All(pcm.Zip(ideal), p => Assert.True(p.First > p.Second, $"pcm ({p.First}) not noisier than ideal devices ({p.Second})"));
        Assert.InRange(pcm[^1], 3 * ideal[^1], 1.0); // the pcm floor is device and output noise, well above saturation
    }

    /// <summary>
    /// The sample's matrix and inputs (same generator, same order), multiplied exactly, with each output clipped where
    /// the tile saturates: |y_j| ≤ 10 · max|x| · max_i|W_ij| (abs-max input scaling, per-column weight scaling).
    /// </summary>
    private static double NaiveSaturationError()
    {
        const int Size = 256, Vectors = 64;
        var random = new Random(1);
        var w = new float[Size * Size];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())) * 0.1f;
        }

        var x = new float[Vectors * Size];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)random.NextDouble();
        }

        double error = 0, reference = 0;
        for (int v = 0; v < Vectors; v++)
        {
            double xMax = 0;
            for (int i = 0; i < Size; i++)
            {
                xMax = Math.Max(xMax, Math.Abs(x[(v * Size) + i]));
            }

            for (int j = 0; j < Size; j++)
            {
                double y = 0, wMax = 0;
                for (int i = 0; i < Size; i++)
                {
                    y += x[(v * Size) + i] * (double)w[(i * Size) + j];
                    wMax = Math.Max(wMax, Math.Abs(w[(i * Size) + j]));
                }

                double limit = 10 * xMax * wMax, clipped = Math.Clamp(y, -limit, limit);
                error += (clipped - y) * (clipped - y);
                reference += y * y;
            }
        }

        return Math.Sqrt(error / reference);
    }
}
