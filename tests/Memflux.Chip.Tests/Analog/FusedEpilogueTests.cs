using Memflux.Chip.Analog;
using Memflux.Graph;
using Memflux.Graph.Execution;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Chip.Tests.Analog;

/// <summary>
/// The analog executor runs Conv → (Add) → Relu chains as one step, the analog convolution applying the Add and Relu as
/// it writes its output; with every non-ideality of the pcm preset on, the result has the bits of running the three
/// nodes separately on an identically programmed chip.
/// </summary>
[Collection(SerialCollection.Name)]
public class FusedEpilogueTests
{
    [Fact]
    public void FusedAnalogConvolutionsGiveTheBitsOfSeparateNodes()
    {
        var graph = OnnxImporter.Load(RepositoryPaths.Combine("models", "fashion-cnn.onnx"), new ImportOptions { BatchSize = 3, Pipeline = PassPipeline.Default });
        var inputs = new Dictionary<string, Tensor> { [graph.Inputs[0].Name] = RandomTensors.Uniform(4, [3, 1, 28, 28], 0f, 1f) };
        var fusedChip = AnalogChip.Create(graph, AnalogPreset.Pcm, seed: 11);
        var separateChip = AnalogChip.Create(graph, AnalogPreset.Pcm, seed: 11);
        foreach (var chip in new[] { fusedChip, separateChip })
        {
            chip.AdvanceTo(86_400);
        }

        var fusedSteps = new List<string>();
        var fused = new ReferenceExecutor(graph)
        {
            NodeOverride = (node, args) => Layer(fusedChip, node)?.Execute(node, args),
            FusedConvolutionOverride = (node, args, addend, relu) =>
            {
                fusedSteps.Add(node.Outputs[0].Name);
                return (Layer(fusedChip, node) as AnalogConv)?.Execute(node, args, addend, relu);
            },
        }.Run(inputs)[graph.Outputs[0].Name];
        var separate = new ReferenceExecutor(graph) { NodeOverride = (node, args) => Layer(separateChip, node)?.Execute(node, args) }
            .Run(inputs)[graph.Outputs[0].Name];

        Assert.True(fusedSteps.Count >= 5, $"fused steps: {string.Join(", ", fusedSteps)}");
        Assert.Equal(separate.Float32.ToArray(), fused.Float32.ToArray());
        var executor = new AnalogExecutor(graph, AnalogChip.Create(graph, AnalogPreset.Pcm, seed: 11));
        executor.Chip.AdvanceTo(86_400);
        Assert.Equal(separate.Float32.ToArray(), executor.Run(inputs)[graph.Outputs[0].Name].Float32.ToArray());
    }

    /// <summary>At batch 8 the stem's output (150k values) is scattered, with its Relu, on several threads.</summary>
    [Fact]
    public void FusedAnalogRunIsBitIdenticalAtAnyThreadCount()
    {
        var graph = OnnxImporter.Load(RepositoryPaths.Combine("models", "fashion-cnn.onnx"), new ImportOptions { BatchSize = 8, Pipeline = PassPipeline.Default });
        var inputs = new Dictionary<string, Tensor> { [graph.Inputs[0].Name] = RandomTensors.Uniform(5, [8, 1, 28, 28], 0f, 1f) };
        float[]? first = null;
        foreach (int? threads in new int?[] { null, 1, 5 })
        {
            var chip = AnalogChip.Create(graph, AnalogPreset.Pcm, seed: 12);
            chip.MaxDegreeOfParallelism = threads;
            chip.AdvanceTo(3_600);
            var y = new AnalogExecutor(graph, chip).Run(inputs)[graph.Outputs[0].Name].Float32.ToArray();
            first ??= y;
            Assert.Equal(first, y);
        }
    }

    private static AnalogLayer? Layer(AnalogChip chip, Node node) =>
        chip.FindLayer(node.Outputs[0].Name) is { } layer && layer.OpType == node.OpType ? layer : null;
}
