using Memflux.Graph;

namespace Memflux.Chip.Compiler;

/// <summary>
/// Ops per image of a node that runs digitally, from its shapes: activation functions one op per output value, except
/// the transformer's nonlinear functions, which take <see cref="OpsPerOutput"/> elementary ops per output value;
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

    /// <summary>
    /// Elementary integer ops (add, multiply, compare, shift; each at the unit's cited energy and throughput per op) per
    /// output value of the functions a transformer computes digitally, counted by Memflux from the integer-only kernels of
    /// I-BERT (S. Kim, A. Gholami, Z. Yao, M. W. Mahoney, K. Keutzer, "I-BERT: Integer-only BERT Quantization", ICML 2021,
    /// arXiv:2101.01321), which approximate them with second-order polynomials so that a fixed-point unit runs them:
    /// i-exp = 8 (z = ⌊−q / ln2⌋: 2; p = q + z·ln2: 2; (p + b)² + c: 3; shift by z: 1).
    /// Softmax and LogSoftmax = 12 (row max: 1 compare, subtract it: 1, i-exp: 8, row sum: 1, scale by the sum's reciprocal
    /// or subtract its log: 1). Erf = 7 (i-erf: |x|, clip, + b, square, × a, + 1, × sign). Gelu = 10 (x / √2: 1, i-erf: 7,
    /// 1 + erf: 1, × x: 1; the ½ folds into the scale). LayerNormalization = 7 (mean: 1 add, x − μ: 1, square: 1, sum of
    /// squares: 1, × 1/σ: 1, × γ: 1, + β: 1; the per-row square root by Newton iterations is amortised over the row and
    /// not counted). The counts are Memflux's reading of those algorithms [memflux_assumption], not figures from the paper.
    /// A Gelu written out as Div, Erf, Add, Mul, Mul (as exporters write it) counts each node: 1 + 7 + 1 + 1 + 1.
    /// </summary>
    public static IReadOnlyDictionary<string, int> OpsPerOutput { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Softmax"] = 12,
        ["LogSoftmax"] = 12,
        ["Erf"] = 7,
        ["Gelu"] = 10,
        ["LayerNormalization"] = 7,
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

        long perOutputOps = OpsPerOutput.GetValueOrDefault(op, 1);
        if (Activations.Contains(op))
        {
            return (DigitalUnitKind.Activation, outputs * perOutputOps);
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
                return (DigitalUnitKind.Accumulate, outputs * perOutputOps);
        }
    }

    private static long Elements(Value? value) => value?.Shape?.ElementCount ?? 0;
}
