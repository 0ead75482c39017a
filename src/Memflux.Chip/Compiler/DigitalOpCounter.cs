using Memflux.Graph;

namespace Memflux.Chip.Compiler;

/// <summary>
/// Ops per image of a node that runs digitally, from its shapes: activation functions one op per output value;
/// MaxPool/AveragePool one op per output value per kernel element; GlobalAveragePool one per input value; adds,
/// multiplies and normalisations one accumulate op per output value; a Conv/Gemm/MatMul whose weight is not constant
/// one accumulate op per MAC; shape-only ops (reshape, flatten, concat, …) none. Any other op counts one accumulate op
/// per output value (an elementwise assumption, stated here rather than skipped).
/// </summary>
public static class DigitalOpCounter
{
    private static readonly HashSet<string> Activations = new(StringComparer.Ordinal)
    {
        "Relu", "Sigmoid", "Tanh", "Clip", "LeakyRelu", "Gelu", "Erf", "Softmax", "LogSoftmax",
    };

    private static readonly HashSet<string> Movement = new(StringComparer.Ordinal)
    {
        "Reshape", "Flatten", "Identity", "Concat", "Constant", "Dropout", "Pad", "Slice", "Split", "Squeeze", "Unsqueeze", "Gather", "Shape", "Transpose",
    };

    /// <summary>The unit that runs <paramref name="node"/> and its ops per image (shapes are for <paramref name="batch"/> images).</summary>
    public static (DigitalUnitKind Unit, long OpsPerImage) Count(Node node, int batch)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        long outputs = Elements(node.Outputs.Count > 0 ? node.Outputs[0] : null) / batch;
        string op = node.OpType;
        if (Movement.Contains(op))
        {
            return (DigitalUnitKind.None, 0);
        }

        if (Activations.Contains(op))
        {
            return (DigitalUnitKind.Activation, outputs);
        }

        switch (op)
        {
            case "MaxPool" or "AveragePool":
                long window = 1;
                foreach (long k in node.Attributes.GetInts("kernel_shape") ?? [])
                {
                    window *= k;
                }

                return (DigitalUnitKind.Pooling, outputs * window);
            case "GlobalAveragePool" or "GlobalMaxPool":
                return (DigitalUnitKind.Pooling, Elements(node.InputOrNull(0)) / batch);
            case "Conv":
                var w = node.InputOrNull(1)?.Shape;
                long perOutput = w is { Rank: > 0 } && w[0] > 0 ? w.ElementCount / w[0] : 0;
                return (DigitalUnitKind.Accumulate, outputs * perOutput);
            case "Gemm" or "MatMul":
                var a = node.InputOrNull(0)?.Shape;
                long inner = a is { Rank: > 0 } ? a[a.Rank - 1] : 0;
                if (op == "Gemm" && node.Attributes.GetInt("transA", 0) != 0 && a is { Rank: 2 })
                {
                    inner = a[0];
                }

                return (DigitalUnitKind.Accumulate, outputs * inner);
            default:
                return (DigitalUnitKind.Accumulate, outputs);
        }
    }

    private static long Elements(Value? value) => value?.Shape?.ElementCount ?? 0;
}
