using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Chip.Image;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Chip.Tests.Image;

/// <summary>A small two-layer model whose matrices span several tiles of a 16×8 tile, and helpers to save and compare chips.</summary>
internal static class ChipImageFixture
{
    public static byte[] Model { get; } = BuildModel();

    /// <summary>Conv 3→20 (k = 27: two row blocks; n = 20: three column blocks), ReLU, grouped Conv 20→10 (two matrices).</summary>
    private static byte[] BuildModel() => new OnnxModelBuilder()
        .Input("x", [2, 3, 8, 8])
        .Initializer("w1", RandomTensors.Uniform(1, [20, 3, 3, 3]))
        .Initializer("b1", RandomTensors.Uniform(2, [20]))
        .Initializer("w2", RandomTensors.Uniform(3, [10, 10, 3, 3]))
        .Node("Conv", ["x", "w1", "b1"], ["h"], ("pads", new long[] { 1, 1, 1, 1 }))
        .Node("Relu", ["h"], ["r"])
        .Node("Conv", ["r", "w2"], ["y"], ("group", 2L))
        .Output("y")
        .Build();

    public static ComputeGraph Import() => OnnxImporter.Load(Model, "two-conv", new ImportOptions { Pipeline = PassPipeline.Default });

    public static AnalogPreset SmallTiles(AnalogPreset preset) => preset with { Tiles = preset.Tiles with { Rows = 16, Columns = 8 } };

    public static Tensor Input(int seed) => RandomTensors.Uniform(seed, [2, 3, 8, 8]);

    public static float[] Run(ComputeGraph graph, AnalogChip chip, Tensor x) =>
        new AnalogExecutor(graph, chip).Run(new Dictionary<string, Tensor> { ["x"] = x })["y"].Float32.ToArray();

    public static long Save(string path, AnalogChip chip) => ChipImage.Save(path, chip, Model, "two-conv", ChipPresets.Hermes, "hermes");

    /// <summary>Asserts the two chips hold the same devices, bit for bit.</summary>
    public static void AssertSameDevices(AnalogChip expected, AnalogChip actual)
    {
        Assert.Equal(expected.Layers.Count, actual.Layers.Count);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            var (a, b) = (expected.Layers[l], actual.Layers[l]);
            Assert.Equal(a.ProgrammedAtSeconds, b.ProgrammedAtSeconds);
            Assert.Equal(a.Matrices.Count, b.Matrices.Count);
            for (int g = 0; g < a.Matrices.Count; g++)
            {
                Assert.Equal(a.Matrices[g].TileCount, b.Matrices[g].TileCount);
                for (int t = 0; t < a.Matrices[g].TileCount; t++)
                {
                    var (s, r) = (a.Matrices[g].Tiles[t].State, b.Matrices[g].Tiles[t].State);
                    Assert.Equal(s.ColumnScales, r.ColumnScales);
                    Assert.Equal(s.AffineGain, r.AffineGain);
                    Assert.Equal(s.AffineOffset, r.AffineOffset);
                    Assert.Equal(s.DriftReference, r.DriftReference);
                    Assert.Equal(s.Devices.Count, r.Devices.Count);
                    for (int p = 0; p < s.Devices.Count; p++)
                    {
                        Assert.Equal(s.Devices[p].Programmed(), r.Devices[p].Programmed());
                        Assert.Equal(s.Devices[p].DriftExponents(), r.Devices[p].DriftExponents());
                        Assert.Equal(s.Devices[p].Faults, r.Devices[p].Faults);
                        Assert.Equal(s.ProgramIterations[p], r.ProgramIterations[p]);
                    }
                }
            }
        }
    }

    /// <summary>Asserts equal bits (so −0 ≠ +0 and NaN payloads count).</summary>
    public static void AssertSameBits(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }
}
