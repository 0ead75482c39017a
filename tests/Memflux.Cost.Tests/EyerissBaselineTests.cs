using Memflux.Chip.Compiler;

namespace Memflux.Cost.Tests;

/// <summary>
/// The digital baseline against one published digital accelerator at its own node: Eyeriss (Y.-H. Chen, T. Krishna,
/// J. Emer, V. Sze, "Eyeriss: An Energy-Efficient Reconfigurable Accelerator for Deep Convolutional Neural Networks",
/// IEEE JSSC 52(1), 2017, Tables IV–V): TSMC 65 nm, 16-bit fixed point, the five CONV layers of AlexNet at batch 4,
/// 1 V and 200 MHz: 278 mW over 115.3 ms per batch (34.7 frames/s), 2.66 G MACs and 15.4 MB of DRAM traffic per batch.
/// Measured chip power excludes DRAM. docs/validation.md ("Digital baseline against Eyeriss") states the check.
/// </summary>
public sealed class EyerissBaselineTests
{
    private const double EyerissPowerW = 0.278;
    private const double EyerissBatchLatencyS = 0.1153;
    private const int EyerissBatch = 4;
    private const double EyerissMacsPerBatch = 2.66e9;
    private const double EyerissDramBytesPerBatch = 15.4e6;

    /// <summary>The baseline's on-chip energy over Eyeriss's measured chip energy, as docs/validation.md states it.</summary>
    private const double StatedRatio = 0.138;

    /// <summary>The tolerance docs/validation.md states on that ratio (relative).</summary>
    private const double Tolerance = 0.25;

    /// <summary>AlexNet's CONV layers on a 227×227 image (Krizhevsky et al. 2012; conv2, 4, 5 in two groups).</summary>
    private static NetworkProfile AlexNetConv()
    {
        (string Name, int K, int N, int Groups, long Mvms)[] layers =
        [
            ("conv1", 3 * 11 * 11, 96, 1, 55 * 55),
            ("conv2", 48 * 5 * 5, 128, 2, 27 * 27),
            ("conv3", 256 * 3 * 3, 384, 1, 13 * 13),
            ("conv4", 192 * 3 * 3, 192, 2, 13 * 13),
            ("conv5", 192 * 3 * 3, 128, 2, 13 * 13),
        ];
        return new NetworkProfile(
            "alexnet-conv",
            [.. layers.Select((l, i) => new LayerShape(i, l.Name, $"Conv node '{l.Name}'", "Conv", l.K, l.N, l.Groups, l.Mvms, HasBias: true, InputValuesPerImage: l.K * l.Mvms))],
            [],
            []);
    }

    private static DigitalBaseline Baseline() =>
        DigitalBaseline.Estimate(AlexNetConv(), EyerissBatch, new DigitalTechnology(65, 1.0), reductionRows: null, DigitalPrecision.Int16);

    [Fact]
    public void The_workload_has_Eyeriss_s_MAC_count()
    {
        var b = Baseline();
        Assert.Equal(EyerissMacsPerBatch / EyerissBatch, b.MacsPerImage, EyerissMacsPerBatch / EyerissBatch * 0.005); // 2.66 G is rounded to 3 digits
        Assert.Equal("dram", b.WeightStore); // 2.33 M 16-bit weights do not fit in 1 MB
    }

    [Fact]
    public void On_chip_energy_per_image_is_the_stated_fraction_of_Eyeriss_s_measured_energy()
    {
        var b = Baseline();
        double eyerissJ = EyerissPowerW * EyerissBatchLatencyS / EyerissBatch; // 8.01 mJ per image
        double ratio = b.OnChipEnergyJ / eyerissJ;
        Assert.InRange(ratio, StatedRatio * (1 - Tolerance), StatedRatio * (1 + Tolerance));
    }

    [Fact]
    public void The_baseline_s_DRAM_traffic_is_below_Eyeriss_s()
    {
        var b = Baseline();
        double baselineBytes = (double)b.WeightBytes / b.Batch;
        double eyerissBytes = EyerissDramBytesPerBatch / EyerissBatch;
        Assert.InRange(baselineBytes / eyerissBytes, 0.30 * (1 - Tolerance), 0.30 * (1 + Tolerance));
    }
}
