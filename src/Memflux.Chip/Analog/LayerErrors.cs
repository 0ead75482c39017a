using Memflux.Graph;
using Memflux.Graph.Execution;
using Memflux.Graph.Ops;
using Memflux.Numerics;

namespace Memflux.Chip.Analog;

/// <summary>How far one analog layer's output is from the digital reference.</summary>
/// <param name="Layer">The layer's key (its node's output name).</param>
/// <param name="OpType">Conv, Gemm or MatMul.</param>
/// <param name="PropagatedRelativeRms">‖y_analog − y_ref‖ / ‖y_ref‖ with the whole network analog up to this layer.</param>
/// <param name="IsolatedRelativeRms">The same with this layer fed the reference input: the error the layer itself adds.</param>
public sealed record LayerError(string Layer, string OpType, double PropagatedRelativeRms, double IsolatedRelativeRms);

/// <summary>Per-layer output error of a chip against the reference executor on the same inputs.</summary>
public static class LayerErrors
{
    /// <summary>Measures every analog layer of <paramref name="chip"/> on <paramref name="inputs"/> (graph inputs by name).</summary>
    public static IReadOnlyList<LayerError> Measure(ComputeGraph graph, AnalogChip chip, IReadOnlyDictionary<string, Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(chip);
        var reference = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var isolated = new Dictionary<string, double>(StringComparer.Ordinal);
        var registry = OperatorRegistry.Default;
        new ReferenceExecutor(graph)
        {
            NodeOverride = (node, args) =>
            {
                if (chip.FindLayer(node.Outputs[0].Name) is not { } layer)
                {
                    return null;
                }

                var expected = registry.Resolve(node).Execute(node, args);
                reference[layer.Key] = expected[0].Float32.ToArray();
                isolated[layer.Key] = RelativeRms(layer.Execute(node, args)[0].Float32, expected[0].Float32);
                return expected;
            },
        }.Run(inputs);

        var errors = new List<LayerError>(chip.Layers.Count);
        new ReferenceExecutor(graph)
        {
            NodeOverride = (node, args) =>
            {
                if (chip.FindLayer(node.Outputs[0].Name) is not { } layer)
                {
                    return null;
                }

                var actual = layer.Execute(node, args);
                errors.Add(new LayerError(layer.Key, layer.OpType, RelativeRms(actual[0].Float32, reference[layer.Key]), isolated[layer.Key]));
                return actual;
            },
        }.Run(inputs);
        return errors;
    }

    /// <summary>‖a − b‖₂ / ‖b‖₂ (0 when both are zero).</summary>
    public static double RelativeRms(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double num = 0, den = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = actual[i] - (double)expected[i];
            num += d * d;
            den += (double)expected[i] * expected[i];
        }

        return num == 0 ? 0 : Math.Sqrt(num / den);
    }
}
