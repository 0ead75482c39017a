using Memflux.Chip.Compiler;
using Memflux.Graph.Passes;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Cost.Tests;

/// <summary>Network profiles of a zoo model: per-image counts do not depend on the batch the graph was imported at.</summary>
public class ProfileTests
{
    private static NetworkProfile Profile(string model, int batch) =>
        NetworkProfileBuilder.Build(OnnxImporter.Load(RepositoryPaths.Combine("models", model + ".onnx"), new ImportOptions { BatchSize = batch, Pipeline = PassPipeline.Default }), batch);

    [Fact]
    public void Fashion_cnn_profile_is_the_same_per_image_at_any_batch()
    {
        var one = Profile("fashion-cnn", 1);
        var three = Profile("fashion-cnn", 3);
        Assert.Equal(one.Layers.Select(l => (l.Inputs, l.Outputs, l.Groups, l.MvmsPerImage)), three.Layers.Select(l => (l.Inputs, l.Outputs, l.Groups, l.MvmsPerImage)));
        Assert.Equal(one.Edges, three.Edges);
        Assert.Equal(one.DigitalNodes.Select(d => d.OpsPerImage), three.DigitalNodes.Select(d => d.OpsPerImage));
        Assert.True(one.Layers.Count >= 2);
        // A residual network: every edge points forward, every layer but the first has a producer, and the block
        // after a residual Add takes both the shortcut and the block's last conv.
        Assert.All(one.Edges, e => Assert.True(e.From < e.To));
        Assert.Equal(Enumerable.Range(1, one.Layers.Count - 1), one.Edges.Select(e => e.To).Distinct().Order());
        Assert.Contains(one.Edges, e => e.From == 0 && e.To == 3); // stem → (identity shortcut) → block2.conv1
        Assert.Contains(one.Edges, e => e.From == 2 && e.To == 3); // block1.conv2 → Add → block2.conv1
        Assert.Contains(one.DigitalNodes, d => d.Unit == DigitalUnitKind.Activation && d.OpsPerImage > 0);
        Assert.Contains(one.DigitalNodes, d => d.Unit == DigitalUnitKind.Pooling && d.OpsPerImage > 0);
        Assert.True(one.Layers[0].MvmsPerImage > one.Layers[^1].MvmsPerImage); // early conv runs more MVMs
    }

    [Fact]
    public void Transformer_nonlinearities_count_their_elementary_ops_per_output()
    {
        // x [1, 4, 8] → LayerNormalization → Erf → Softmax → MatMul (8×3): 32 values through each digital node.
        var graph = OnnxImporter.Load(
            new OnnxModelBuilder().Input("x", [1, 4, 8])
                .Initializer("g", RandomTensors.Uniform(1, [8])).Initializer("b", RandomTensors.Uniform(2, [8])).Initializer("w", RandomTensors.Uniform(3, [8, 3]))
                .Node("LayerNormalization", ["x", "g", "b"], ["n"], ("axis", -1L)).Node("Erf", ["n"], ["e"]).Node("Softmax", ["e"], ["p"], ("axis", -1L))
                .Node("MatMul", ["p", "w"], ["y"]).Output("y").Build(),
            "nonlinear", new ImportOptions { Pipeline = PassPipeline.Default });
        var nodes = NetworkProfileBuilder.Build(graph, 1).DigitalNodes.ToDictionary(d => d.OpType);
        Assert.Equal((DigitalUnitKind.Accumulate, 32L * 7), (nodes["LayerNormalization"].Unit, nodes["LayerNormalization"].OpsPerImage));
        Assert.Equal((DigitalUnitKind.Activation, 32L * 7), (nodes["Erf"].Unit, nodes["Erf"].OpsPerImage));
        Assert.Equal((DigitalUnitKind.Activation, 32L * 12), (nodes["Softmax"].Unit, nodes["Softmax"].OpsPerImage));
    }

    [Fact]
    public void Programming_cost_from_a_programmed_chip_uses_the_tiles_iteration_counts()
    {
        var graph = OnnxImporter.Load(RepositoryPaths.Combine("models", "mnist-lenet5.onnx"), new ImportOptions { BatchSize = 1, Pipeline = PassPipeline.Default });
        var chip = Chip.Analog.AnalogChip.Create(graph, Chip.Analog.AnalogPreset.Get("pcm"), seed: 3);
        var mapping = ChipCompiler.Compile(graph, 1, Chip.Hardware.ChipPresets.Hermes);
        var measured = ProgrammingCost.FromChip(mapping, chip);
        long ops = chip.Layers.Sum(l => l.Matrices.Sum(m => m.TotalProgramOperations));
        long devices = chip.Layers.Sum(l => l.Matrices.Sum(m => m.Tiles.Sum(t => t.State.ProgramIterations.Sum(c => (long)c.Length))));
        Assert.True(measured.Measured);
        Assert.True(ops >= devices, "program-and-verify takes at least one pulse per device");
        Assert.Equal((double)ops / devices, measured.IterationsPerDevice, 12);
        Assert.Equal(mapping.Utilisation.DevicesProgrammed * measured.IterationsPerDevice * 10e-12, measured.EnergyJ, measured.EnergyJ * 1e-12);
    }
}
