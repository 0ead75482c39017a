using Memflux.Devices;

namespace Memflux.Tiles.Tests;

/// <summary>
/// aihwkit's PCM_READ weight noise and IR drop (<see cref="TileConfig.ReadWeightNoise"/>, <see cref="AihwkitIrDrop"/>)
/// against hand-derived values, the formula in double, and the weight noise's statistics.
/// </summary>
public class AihwkitReadTermsTests
{
    /// <summary>
    /// n = 2, Ŵ_i· = [1, 0.5], x̂ = [1, 1], g = 2: a = (2/2)·(1 + 0.5) = 1.5, c(1.5) = 1.5·(1.5·(0.075 − 0.2) + 0.5) =
    /// 0.46875; position weights 1 − (1 − j/2)² = 0 and 0.75, so Σ Ŵ x̂ w = 0.375 and Δy = 0.46875·0.375 = 0.17578125.
    /// </summary>
    [Fact]
    public void Ir_drop_by_hand()
    {
        Assert.Equal(0.46875, AihwkitIrDrop.Polynomial(1.5), 15);
        Assert.Equal(0f, AihwkitIrDrop.PositionWeight(0, 2));
        Assert.Equal(0.75f, AihwkitIrDrop.PositionWeight(1, 2));
        Assert.Equal(0.17578125, new AihwkitIrDrop(1.0, 2).Drop([1f, 0.5f], [1f, 1f]), 12);
        Assert.Equal(2 * 0.17578125, new AihwkitIrDrop(2.0, 2).Drop([1f, 0.5f], [1f, 1f]), 12);
        Assert.Equal(1 / (0.35 * 5e-6), AihwkitIrDrop.DefaultConductanceRatio, 6);
    }

    /// <summary>Weights whose every column has max |w| = 1, so the normalised Ŵ is W itself (ideal devices, column-wise scaling).</summary>
    private static float[] UnitColumnWeights(int k, int n, ulong seed)
    {
        var w = TestData.Uniform(k * n, seed);
        for (int j = 0; j < n; j++)
        {
            w[(7 * n) + j] = j % 2 == 0 ? 1f : -1f;
        }

        return w;
    }

    /// <summary>
    /// With ideal devices and periphery the tile gives Σ_j W_ij x_j − Δy_i, Δy by the formula in double, for the default
    /// conductance ratio (a ≈ 0.02) and a small one (a ≈ 0.5, where the cubic matters); the drop is large enough that the
    /// check could fail (> 1e-3 on some output), and agrees to 2e-5 (float products of 200 terms).
    /// </summary>
    [Theory]
    [InlineData(AihwkitIrDrop.DefaultConductanceRatio)]
    [InlineData(20000.0)]
    public void Ir_drop_in_the_tile_matches_the_formula(double ratio)
    {
        const int k = 200, n = 6, m = 5;
        var ir = new AihwkitIrDrop(1.0, ratio);
        var config = new TileConfig(512, 512) { AihwkitIrDrop = ir };
        var w = UnitColumnWeights(k, n, 3);
        var x = TestData.Uniform(m * k, 4);
        var matrix = new AnalogMatrix(w, k, n, config, new IdealDevice(), seed: 1, matrixId: 0);
        matrix.Read(1, 0);
        var y = new float[m * n];
        matrix.Multiply(x, m, y);
        var exact = TestData.Product(x, w, m, k, n);
        double largest = 0;
        for (int r = 0; r < m; r++)
        {
            for (int i = 0; i < n; i++)
            {
                var column = Enumerable.Range(0, k).Select(j => w[(j * n) + i]).ToArray();
                double drop = ir.Drop(column, x.AsSpan(r * k, k));
                largest = Math.Max(largest, Math.Abs(drop));
                Assert.Equal(exact[(r * n) + i] - drop, y[(r * n) + i], 2e-5);
            }
        }

        Assert.True(largest > 1e-3, $"the largest drop {largest} is too small for the check to mean anything");
    }

    /// <summary>
    /// PCM_READ noise: the same input vector 20,000 times; output i's deviation from the exact product has mean 0 and
    /// standard deviation σ_w·√(Σ_j |W_ij| x_j²). Tolerances: the mean within 5 standard errors (σ/√m), the standard
    /// deviation within 3% (its standard error is 0.5% at m = 20,000). Zero input stays exactly 0 under abs-max.
    /// </summary>
    [Fact]
    public void Read_weight_noise_has_the_pcm_read_statistics()
    {
        const int k = 64, n = 3, m = 20000;
        const double sigmaW = 0.05;
        var config = new TileConfig(512, 512) { ReadWeightNoise = sigmaW };
        var w = UnitColumnWeights(k, n, 5);
        var one = TestData.Uniform(k, 6);
        var x = new float[m * k];
        for (int r = 0; r < m; r++)
        {
            one.CopyTo(x, r * k);
        }

        var matrix = new AnalogMatrix(w, k, n, config, new IdealDevice(), seed: 1, matrixId: 0);
        matrix.Read(1, 0);
        var y = new float[m * n];
        matrix.Multiply(x, m, y);
        var exact = TestData.Product(one, w, 1, k, n);
        for (int i = 0; i < n; i++)
        {
            double expected = sigmaW * Math.Sqrt(Enumerable.Range(0, k).Sum(j => Math.Abs(w[(j * n) + i]) * one[j] * one[j]));
            double sum = 0, squares = 0;
            for (int r = 0; r < m; r++)
            {
                double d = y[(r * n) + i] - exact[i];
                sum += d;
                squares += d * d;
            }

            double mean = sum / m, std = Math.Sqrt((squares / m) - (mean * mean));
            Assert.InRange(mean, -5 * expected / Math.Sqrt(m), 5 * expected / Math.Sqrt(m));
            Assert.InRange(std / expected, 0.97, 1.03);
        }

        var managed = new AnalogMatrix(w, k, n, config with { NoiseManagement = NoiseManagement.AbsMax }, new IdealDevice(), seed: 1, matrixId: 0);
        managed.Read(1, 0);
        var zero = new float[n];
        managed.Multiply(new float[k], 1, zero);
        Assert.All(zero, v => Assert.Equal(0f, v));
    }

    /// <summary>The pcm-aihwkit preset carries StandardHWATrainingPreset's values and otherwise pcm's periphery.</summary>
    [Fact]
    public void The_aihwkit_preset_has_the_standard_hwa_training_values()
    {
        var p = TileConfig.Preset("pcm-aihwkit");
        Assert.Equal(512, p.Rows);
        Assert.Equal(0.0175, p.ReadWeightNoise);
        Assert.Equal(new AihwkitIrDrop(1.0, 1 / (0.35 * 5e-6)), p.AihwkitIrDrop);
        Assert.False(p.IrDrop.Enabled);
        Assert.Equal(DriftReference.ProgrammedWeights, p.DriftReference);
        Assert.Equal(TileConfig.Pcm.Dac, p.Dac);
        Assert.Equal(TileConfig.Pcm.Adc, p.Adc);
        Assert.Equal(0.04, p.OutputNoise);
        Assert.Equal(DriftCompensation.Global, p.DriftCompensation);
        p.Validate();
        Assert.Throws<Memflux.Numerics.MemfluxException>(() => (p with { ReadWeightNoise = -1 }).Validate());
        Assert.Throws<Memflux.Numerics.MemfluxException>(() => (p with { AihwkitIrDrop = new AihwkitIrDrop(1, 0) }).Validate());
    }
}
