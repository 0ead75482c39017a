using Memflux.Chip.Analog;
using Memflux.Graph;
using Memflux.Graph.Execution;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Chip.Tests.Analog;

/// <summary>
/// With ideal devices and unlimited DAC/ADC resolution the analog executor must reproduce the reference executor
/// within 1e-5 of the output's magnitude (issue 4 §4), for every kind of mapped node and for the zoo models.
/// </summary>
[Collection(SerialCollection.Name)]
public class IdealEquivalenceTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Layers => ["conv_pads_strides", "conv_wide_stride_dilation", "conv_grouped", "conv_depthwise_dilated", "conv_wide", "gemm_transB_bias", "gemm_transA_alpha_beta", "matmul_batched", "matmul_tall"];

    [Theory]
    [MemberData(nameof(Layers))]
    public void SingleLayerMatchesReference(string name)
    {
        var graph = OnnxImporter.Load(Model(name), name, new ImportOptions { Pipeline = PassPipeline.Default });
        var x = RandomTensors.Uniform(5, [.. graph.Inputs[0].Shape!.Dimensions]);
        AssertEquivalent(graph, x, expectedLayers: 1);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(275)]
    public void ConvChunksThatSplitOutputRowsGiveTheSameResult(int scratchElements)
    {
        var graph = OnnxImporter.Load(Model("conv_pads_strides"), "conv", new ImportOptions { Pipeline = PassPipeline.Default });
        var x = RandomTensors.Uniform(5, [.. graph.Inputs[0].Shape!.Dimensions]);
        int saved = AnalogConv.ScratchElements;
        try
        {
            AnalogConv.ScratchElements = scratchElements; // n = 5 outputs: 10 → two output pixels per call, 275 → 55 (rows of 9 split)
            AssertEquivalent(graph, x, expectedLayers: 1);
        }
        finally
        {
            AnalogConv.ScratchElements = saved;
        }
    }

    [Theory]
    [InlineData("mnist-mlp.onnx", 3)] // the input normalisation (a 1×1 Conv, k = 1) stays digital
    [InlineData("mnist-lenet5.onnx", 5)]
    [InlineData("fashion-cnn.onnx", 9)]
    public void ZooModelMatchesReference(string file, int expectedLayers)
    {
        var graph = OnnxImporter.Load(RepositoryPaths.Combine("models", file), new ImportOptions { BatchSize = 4, Pipeline = PassPipeline.Default });
        var x = RandomTensors.Uniform(9, [4, 1, 28, 28], 0f, 1f);
        AssertEquivalent(graph, x, expectedLayers);
    }

    [Fact]
    public void OneInputPerOutputLayersStayDigitalWithTheReason()
    {
        var graph = OnnxImporter.Load(RepositoryPaths.Combine("models", "mnist-mlp.onnx"), new ImportOptions { BatchSize = 2, Pipeline = PassPipeline.Default });
        var mapping = AnalogMapping.Map(graph);
        var normalize = Assert.Single(mapping.DigitalNodes, d => d.OpType == "Conv");
        Assert.Contains("one input per output", normalize.Reason, StringComparison.Ordinal);
        Assert.Equal(["fc1", "fc2", "logits"], mapping.Layers.Select(l => l.Key));
        Assert.Equal([784, 256, 128], mapping.Layers.Select(l => l.Inputs));
        Assert.All(mapping.Layers, l => Assert.Equal(2, l.VectorsPerRun));
    }

    private static void AssertEquivalent(ComputeGraph graph, Tensor x, int expectedLayers)
    {
        var inputs = new Dictionary<string, Tensor> { [graph.Inputs[0].Name] = x };
        var expected = new ReferenceExecutor(graph).Run(inputs)[graph.Outputs[0].Name];
        var chip = AnalogChip.Create(graph, AnalogPreset.Ideal, seed: 3);
        Assert.Equal(expectedLayers, chip.Layers.Count);
        var actual = new AnalogExecutor(graph, chip).Run(inputs)[graph.Outputs[0].Name];
        Assert.Equal(expected.Shape, actual.Shape);
        float scale = 0, worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected.Float32[i]));
            worst = Math.Max(worst, Math.Abs(expected.Float32[i] - actual.Float32[i]));
        }

        Assert.True(scale > 0);
        Assert.True(worst <= Tolerance * scale, $"max |diff| {worst} > {Tolerance} × max |reference| {scale}");
    }

    private static byte[] Model(string name)
    {
        var b = new OnnxModelBuilder();
        return name switch
        {
            "conv_pads_strides" => Conv(b, [2, 3, 11, 9], [5, 3, 3, 2], ("strides", new long[] { 2, 1 }), ("pads", new long[] { 1, 0, 2, 1 })),
            "conv_wide_stride_dilation" => Conv(b, [2, 3, 10, 17], [4, 3, 2, 3], ("strides", new long[] { 1, 3 }), ("dilations", new long[] { 1, 2 }), ("pads", new long[] { 0, 2, 1, 1 })),
            "conv_grouped" => Conv(b, [1, 6, 7, 7], [4, 3, 3, 3], ("group", 2L), ("pads", new long[] { 1, 1, 1, 1 })),
            "conv_depthwise_dilated" => Conv(b, [2, 4, 9, 8], [4, 1, 3, 3], ("group", 4L), ("dilations", new long[] { 2, 2 })),
            "conv_wide" => Conv(b, [1, 40, 6, 6], [300, 40, 3, 3], ("pads", new long[] { 1, 1, 1, 1 })), // k = 360 rows: two row tiles; 300 columns: two column tiles
            "gemm_transB_bias" => b.Input("a", [3, 300]).Initializer("w", RandomTensors.Uniform(2, [260, 300])).Initializer("c", RandomTensors.Uniform(3, [260]))
                .Node("Gemm", ["a", "w", "c"], ["y"], ("transB", 1L)).Output("y").Build(),
            "gemm_transA_alpha_beta" => b.Input("a", [17, 5]).Initializer("w", RandomTensors.Uniform(2, [17, 9])).Initializer("c", RandomTensors.Uniform(3, [5, 1]))
                .Node("Gemm", ["a", "w", "c"], ["y"], ("transA", 1L), ("alpha", 0.5f), ("beta", 2f)).Output("y").Build(),
            "matmul_batched" => b.Input("a", [2, 3, 7, 33]).Initializer("w", RandomTensors.Uniform(2, [33, 11])).Node("MatMul", ["a", "w"], ["y"]).Output("y").Build(),
            "matmul_tall" => b.Input("a", [5, 600]).Initializer("w", RandomTensors.Uniform(2, [600, 3])).Node("MatMul", ["a", "w"], ["y"]).Output("y").Build(),
            _ => throw new ArgumentException(name),
        };
    }

    private static byte[] Conv(OnnxModelBuilder b, int[] x, int[] w, params (string, object)[] attributes) =>
        b.Input("x", x).Initializer("w", RandomTensors.Uniform(2, w)).Initializer("bias", RandomTensors.Uniform(4, [w[0]]))
            .Node("Conv", ["x", "w", "bias"], ["y"], attributes).Output("y").Build();
}
