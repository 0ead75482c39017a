using Memflux.Chip.Analog;
using Memflux.Graph;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Chip.Tests.Analog;

/// <summary>
/// The chip keeps its programmed state over time (issue 4 §2): reads give fresh read noise without touching the devices,
/// re-programming one layer leaves the others alone, time only moves forward, and the same seed gives the same chip.
/// </summary>
public class ChipStateTests
{
    private static readonly ComputeGraph Graph = OnnxImporter.Load(
        new OnnxModelBuilder().Input("x", [3, 2, 9, 9])
            .Initializer("w1", RandomTensors.Uniform(1, [8, 2, 3, 3])).Node("Conv", ["x", "w1"], ["c1"])
            .Node("Relu", ["c1"], ["r1"]).Node("Flatten", ["r1"], ["f"])
            .Initializer("w2", RandomTensors.Uniform(2, [10, 392])).Node("Gemm", ["f", "w2"], ["y"], ("transB", 1L)).Output("y").Build(),
        "two-layer", new ImportOptions { Pipeline = PassPipeline.Default });

    private static readonly Dictionary<string, Tensor> Inputs = new() { ["x"] = RandomTensors.Uniform(3, [3, 2, 9, 9], 0f, 1f) };

    [Fact]
    public void ReadsGiveFreshNoiseAndLeaveTheDevicesAlone()
    {
        var chip = AnalogChip.Create(Graph, AnalogPreset.Pcm, seed: 5);
        chip.AdvanceTo(3600);
        var before = Snapshot(chip);
        var first = Run(chip);
        chip.Read();
        var second = Run(chip);
        Assert.NotEqual(first, second);
        Assert.Equal(before, Snapshot(chip));
        Assert.Equal(3UL, chip.ReadCount); // programming, AdvanceTo, Read
    }

    [Fact]
    public void TheSameSeedGivesTheSameChipAndOtherSeedsDiffer()
    {
        var a = AnalogChip.Create(Graph, AnalogPreset.Pcm, seed: 5);
        var b = AnalogChip.Create(Graph, AnalogPreset.Pcm, seed: 5);
        var c = AnalogChip.Create(Graph, AnalogPreset.Pcm, seed: 6);
        foreach (var chip in new[] { a, b, c })
        {
            chip.AdvanceTo(86400);
        }

        Assert.Equal(Snapshot(a), Snapshot(b));
        Assert.Equal(Run(a), Run(b));
        Assert.NotEqual(Snapshot(a), Snapshot(c));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void OutputsAreBitIdenticalAtAnyThreadCount(int threads)
    {
        var parallel = AnalogChip.Create(Graph, AnalogPreset.Pcm, seed: 9);
        var limited = AnalogChip.Create(Graph, AnalogPreset.Pcm, seed: 9);
        limited.MaxDegreeOfParallelism = threads;
        parallel.AdvanceTo(86400);
        limited.AdvanceTo(86400);
        Assert.Equal(Run(parallel), Run(limited));
        limited.Program();
        parallel.Program();
        Assert.Equal(Run(parallel), Run(limited));
    }

    [Fact]
    public void ReprogrammingOneLayerKeepsTheOthersAndRestartsItsClock()
    {
        var chip = AnalogChip.Create(Graph, AnalogPreset.Pcm, seed: 5);
        chip.AdvanceTo(86400);
        var convBefore = Snapshot(chip.Layers[0]);
        var gemmBefore = Snapshot(chip.Layers[1]);
        chip.Program(chip.Layers[1].Key);
        Assert.Equal(convBefore, Snapshot(chip.Layers[0]));
        Assert.NotEqual(gemmBefore, Snapshot(chip.Layers[1]));
        Assert.Equal(0.0, chip.Layers[0].ProgrammedAtSeconds);
        Assert.Equal(86400.0, chip.Layers[1].ProgrammedAtSeconds);
    }

    [Fact]
    public void TimeOnlyMovesForward()
    {
        var chip = AnalogChip.Create(Graph, AnalogPreset.Ideal, seed: 1);
        chip.AdvanceTo(10);
        var e = Assert.Throws<MemfluxException>(() => chip.AdvanceTo(5));
        Assert.Contains("forward", e.Message, StringComparison.Ordinal);
        Assert.Throws<MemfluxException>(() => chip.Program("no-such-layer"));
    }

    private static float[] Run(AnalogChip chip) => new AnalogExecutor(Graph, chip).Run(Inputs)["y"].Float32.ToArray();

    private static float[] Snapshot(AnalogChip chip) => [.. chip.Layers.SelectMany(Snapshot)];

    private static float[] Snapshot(AnalogLayer layer) =>
        [.. layer.Matrices.SelectMany(m => m.Tiles).SelectMany(t => t.State.Devices).SelectMany(d => d.Programmed().Concat(d.DriftExponents()))];
}
