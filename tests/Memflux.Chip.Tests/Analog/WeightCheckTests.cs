using Memflux.Chip.Analog;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Chip.Tests.Analog;

/// <summary>A weight that is not finite is an error naming the node and the weight when the chip is programmed (issue 18 §2).</summary>
public class WeightCheckTests
{
    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void A_non_finite_weight_names_its_node_and_position(float bad, string shown)
    {
        var w = RandomTensors.Uniform(2, [4, 6]);
        w.AsSpan<float>()[(2 * 6) + 5] = bad; // transB: W is [n=4, k=6], so this is crossbar row k=5, column n=2
        var graph = OnnxImporter.Load(
            new OnnxModelBuilder().Input("x", [1, 6]).Initializer("w", w)
                .Node("Gemm", ["x", "w"], ["y"], ("transB", 1L)).Output("y").Build(),
            "bad-weight", new ImportOptions { Pipeline = PassPipeline.Default });
        var e = Assert.Throws<MemfluxException>(() => AnalogChip.Create(graph, AnalogPreset.Pcm, seed: 1));
        Assert.Contains("Gemm", e.Message, StringComparison.Ordinal);
        Assert.Contains($"weight [5, 2] of its 6x4 crossbar matrix is {shown}", e.Message, StringComparison.Ordinal);
    }
}
