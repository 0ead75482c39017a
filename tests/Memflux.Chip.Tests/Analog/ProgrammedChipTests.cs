using Memflux.Chip.Analog;
using Memflux.Chip.Image;
using Memflux.Devices;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;
using Memflux.Tiles;

namespace Memflux.Chip.Tests.Analog;

/// <summary>
/// A chip put on devices another chip programmed (sweeps, issue 17 §3) must be the chip programmed afresh under its own
/// read-side periphery, bit for bit; settings that change programming must change <see cref="PresetCodec.ProgrammingKey"/>.
/// </summary>
public class ProgrammedChipTests
{
    private static readonly ComputeGraph Graph = Model(1);

    private static readonly Dictionary<string, Tensor> Inputs = new() { ["x"] = RandomTensors.Uniform(3, [3, 2, 9, 9], 0f, 1f) };

    private static readonly TileConfig Hermes = AnalogPreset.PcmHermes.Tiles;

    /// <summary>Read-side variants of pcm-hermes (whose affine correction and drift reference are calibrated through the periphery).</summary>
    public static TheoryData<string> ReadSide => [.. ReadSideVariants.Keys];

    private static readonly Dictionary<string, TileConfig> ReadSideVariants = new()
    {
        ["same"] = Hermes,
        ["adc 5 bits"] = Hermes with { Adc = Hermes.Adc with { Bits = 5 } },
        ["adc range 4"] = Hermes with { Adc = Hermes.Adc with { Range = 4 } },
        ["dac 4 bits"] = Hermes with { Dac = Hermes.Dac with { Bits = 4 } },
        ["output noise 0.1"] = Hermes with { OutputNoise = 0.1 },
        ["read weight noise"] = Hermes with { ReadWeightNoise = 0.0175 },
        ["aihwkit ir drop"] = Hermes with { AihwkitIrDrop = new AihwkitIrDrop(1.0) },
        ["ir drop"] = Hermes with { IrDrop = new IrDropSpec(2.0) },
        ["no noise management"] = Hermes with { NoiseManagement = NoiseManagement.None },
        ["per-column drift compensation"] = Hermes with { DriftCompensation = DriftCompensation.PerColumn },
        ["no drift compensation"] = Hermes with { DriftCompensation = DriftCompensation.None },
        ["drift reference from programmed weights"] = Hermes with { DriftReference = DriftReference.ProgrammedWeights },
        ["no affine correction"] = Hermes with { AffineCorrection = false },
        ["16 calibration vectors"] = Hermes with { AffineCalibrationVectors = 16 },
    };

    [Theory]
    [MemberData(nameof(ReadSide))]
    public void A_chip_on_reused_devices_equals_one_programmed_afresh_under_a_read_side_change(string variant)
    {
        var preset = AnalogPreset.PcmHermes with { Tiles = ReadSideVariants[variant] };
        Assert.Equal(PresetCodec.ProgrammingKey(AnalogPreset.PcmHermes), PresetCodec.ProgrammingKey(preset));
        var source = AnalogChip.Create(Graph, AnalogPreset.PcmHermes, seed: 5);
        source.AdvanceTo(60); // the source's own reads leave its devices as programmed
        _ = Run(source);
        var programmed = source.CaptureProgramming();

        var fresh = AnalogChip.Create(Graph, preset, seed: 5);
        var reused = AnalogChip.Create(Graph, preset, programmed);
        Assert.Equal(Run(fresh), Run(reused));
        foreach (double t in new[] { 3600.0, 86400 * 365.0 })
        {
            fresh.AdvanceTo(t);
            reused.AdvanceTo(t);
            Assert.Equal(Run(fresh), Run(reused));
        }

        Assert.Equal(fresh.CaptureState().Layers.SelectMany(Calibration), reused.CaptureState().Layers.SelectMany(Calibration));
    }

    [Fact]
    public void Settings_that_change_programming_change_the_key()
    {
        string? key = PresetCodec.ProgrammingKey(AnalogPreset.PcmHermes);
        Assert.NotNull(key);
        AnalogPreset[] programSide =
        [
            AnalogPreset.PcmHermes with { Tiles = Hermes with { Rows = 128 } },
            AnalogPreset.PcmHermes with { Tiles = Hermes with { Columns = 128 } },
            AnalogPreset.PcmHermes with { Tiles = Hermes with { Mapping = Hermes.Mapping with { SlicesPerWeight = 1 } } },
            AnalogPreset.PcmHermes with { Tiles = Hermes with { Mapping = Hermes.Mapping with { Scaling = WeightScaling.PerTile } } },
            AnalogPreset.PcmHermes with { Tiles = Hermes with { Mapping = Hermes.Mapping with { Clip = WeightClip.Sigma, ClipValue = 3 } } },
            AnalogPreset.PcmHermes with { Tiles = Hermes with { ProgramVerify = new ProgramVerify(0.02, 3) } },
            AnalogPreset.PcmHermes with { Device = () => new PcmDevice(new PcmParameters(ProgrammingSigmaC0MicroSiemens: 0.5)) },
            AnalogPreset.PcmHermes with { Device = () => new PcmDevice(new PcmParameters(), new DeviceNonIdealities(StuckAtMinFraction: 0.01)) },
            AnalogPreset.PcmHermes with { Device = () => new RramDevice() },
        ];
        Assert.All(programSide, p => Assert.NotEqual(key, PresetCodec.ProgrammingKey(p)));
    }

    [Fact]
    public void Devices_programmed_with_other_weights_or_reprogrammed_are_refused()
    {
        var source = AnalogChip.Create(Graph, AnalogPreset.PcmHermes, seed: 5);
        var programmed = source.CaptureProgramming();
        var e = Assert.Throws<MemfluxException>(() => AnalogChip.Create(Model(2), AnalogPreset.PcmHermes, programmed));
        Assert.Contains("other weights", e.Message, StringComparison.Ordinal);

        source.Program(source.Layers[1].Key);
        Assert.Throws<InvalidOperationException>(source.CaptureProgramming);
    }

    private static ComputeGraph Model(int weights) => OnnxImporter.Load(
        new OnnxModelBuilder().Input("x", [3, 2, 9, 9])
            .Initializer("w1", RandomTensors.Uniform(weights, [8, 2, 3, 3])).Node("Conv", ["x", "w1"], ["c1"])
            .Node("Relu", ["c1"], ["r1"]).Node("Flatten", ["r1"], ["f"])
            .Initializer("w2", RandomTensors.Uniform(weights + 1, [10, 392])).Node("Gemm", ["f", "w2"], ["y"], ("transB", 1L)).Output("y").Build(),
        "two-layer", new ImportOptions { Pipeline = PassPipeline.Default });

    private static float[] Run(AnalogChip chip) => new AnalogExecutor(Graph, chip).Run(Inputs)["y"].Float32.ToArray();

    private static IEnumerable<float> Calibration(AnalogLayerState layer) =>
        layer.Matrices.SelectMany(m => m.Tiles).SelectMany(t => t.AffineGain.Concat(t.AffineOffset).Concat(t.DriftReference));
}
