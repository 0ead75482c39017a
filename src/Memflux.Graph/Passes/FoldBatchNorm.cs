using Memflux.Numerics;

namespace Memflux.Graph.Passes;

/// <summary>
/// Folds an inference-mode BatchNormalization into the Conv or Gemm that feeds it, when that producer's output has no
/// other reader and every weight involved is constant: with s = scale / √(var + ε), the producer's weights are scaled by
/// s per output channel and its bias becomes (bias − mean)·s + B (a bias is created when absent). The folded weights
/// are new constants, so initializers that other nodes share stay untouched. The BatchNormalization output name stays.
/// </summary>
/// <remarks>
/// Conv: W is [M, C/group, k…], channel m scales W[m, …]. Gemm: Y = α·A·B′ + β·C with B′ = Bᵀ when transB, so output
/// column n scales column n of B′; β·C is baked into the new C and β becomes 1. Anything else (ConvTranspose, a shared
/// producer output, non-constant statistics, training mode, Gemm bias of another shape) is left as it is.
/// </remarks>
public sealed class FoldBatchNorm : IGraphPass
{
    /// <inheritdoc />
    public string Name => "fold-batch-norm";

    /// <inheritdoc />
    public bool Run(ComputeGraph graph)
    {
        var uses = new UseMap(graph);
        var folded = new HashSet<Node>();
        foreach (var bn in graph.Nodes)
        {
            if (bn.OpType == "BatchNormalization" && bn.Domain is ("" or "ai.onnx") && TryFold(graph, uses, bn))
            {
                folded.Add(bn);
            }
        }

        graph.Nodes.RemoveAll(folded.Contains);
        return folded.Count > 0;
    }

    private static bool TryFold(ComputeGraph graph, UseMap uses, Node bn)
    {
        var x = bn.Inputs[0];
        var producer = x?.Producer;
        if (x is null || producer is null || producer.Domain is not ("" or "ai.onnx") || uses.Consumers(x).Count != 1 || uses.IsGraphOutput(x)
            || bn.Outputs.Skip(1).Any(uses.IsUsed) || bn.Attributes.GetInt("training_mode", 0) != 0 || bn.Attributes.GetInt("spatial", 1) != 1)
        {
            return false;
        }

        var (scale, shift) = ChannelAffine(bn);
        if (scale is null || shift is null)
        {
            return false;
        }

        bool done = producer.OpType switch
        {
            "Conv" => TryFoldIntoConv(graph, uses, producer, scale, shift),
            "Gemm" => TryFoldIntoGemm(graph, uses, producer, scale, shift),
            _ => false,
        };
        if (!done)
        {
            return false;
        }

        // The producer now writes the BatchNormalization's output, so the name readers and graph outputs know stays.
        var y = bn.Outputs[0];
        uses.RemoveConsumer(bn);
        producer.Outputs[producer.Outputs.IndexOf(x)] = y;
        y.Producer = producer;
        graph.RemoveValue(x);
        foreach (var extra in bn.Outputs.Skip(1))
        {
            graph.RemoveValue(extra);
        }

        foreach (var parameter in bn.Inputs.Skip(1))
        {
            uses.RemoveIfDeadConstant(graph, parameter);
        }

        return true;
    }

    /// <summary>Per-channel s = scale/√(var+ε) and shift = B − mean·s, in fp64; nulls when the statistics are not constant vectors of one length.</summary>
    private static (double[]? Scale, double[]? Shift) ChannelAffine(Node bn)
    {
        if (bn.Inputs.Count != 5)
        {
            return (null, null);
        }

        var parameters = bn.Inputs.Skip(1).Select(v => v?.Constant).ToArray();
        if (parameters.Any(t => t is not { Type: DataType.Float32, Shape.Rank: 1 }) || parameters.Any(t => t!.Length != parameters[0]!.Length))
        {
            return (null, null);
        }

        double epsilon = bn.Attributes.GetFloat("epsilon", 1e-5f);
        var (gamma, beta, mean, variance) = (parameters[0]!.Float32Array, parameters[1]!.Float32Array, parameters[2]!.Float32Array, parameters[3]!.Float32Array);
        var scale = new double[gamma.Length];
        var shift = new double[gamma.Length];
        for (int c = 0; c < scale.Length; c++)
        {
            scale[c] = gamma[c] / Math.Sqrt(variance[c] + epsilon);
            shift[c] = beta[c] - (mean[c] * scale[c]);
        }

        return (scale, shift);
    }

    private static bool TryFoldIntoConv(ComputeGraph graph, UseMap uses, Node conv, double[] scale, double[] shift)
    {
        var w = conv.InputOrNull(1);
        var b = conv.InputOrNull(2);
        if (w?.Constant is not { Type: DataType.Float32 } weight || weight.Shape.Rank < 3 || weight.Shape[0] != scale.Length)
        {
            return false;
        }

        if (b is not null && (b.Constant is not { Type: DataType.Float32, Shape.Rank: 1 } bias || bias.Length != scale.Length))
        {
            return false;
        }

        int channels = scale.Length;
        int block = weight.Length / Math.Max(channels, 1);
        var newWeight = new float[weight.Length];
        var newBias = new float[channels];
        var oldWeight = weight.Float32;
        ReadOnlySpan<float> oldBias = b is null ? [] : b.Constant!.Float32;
        for (int m = 0; m < channels; m++)
        {
            for (int i = m * block; i < (m + 1) * block; i++)
            {
                newWeight[i] = (float)(oldWeight[i] * scale[m]);
            }

            newBias[m] = (float)(((oldBias.IsEmpty ? 0.0 : oldBias[m]) * scale[m]) + shift[m]);
        }

        Rewire(graph, uses, conv, 1, $"{w.Name}_bn", Tensor.FromFloat32(newWeight, weight.Shape));
        Rewire(graph, uses, conv, 2, b is null ? $"{conv.Name}_bias_bn" : $"{b.Name}_bn", Tensor.FromFloat32(newBias, new TensorShape(channels)));
        return true;
    }

    private static bool TryFoldIntoGemm(ComputeGraph graph, UseMap uses, Node gemm, double[] scale, double[] shift)
    {
        var bValue = gemm.InputOrNull(1);
        var cValue = gemm.InputOrNull(2);
        bool transB = gemm.Attributes.GetInt("transB", 0) != 0;
        if (bValue?.Constant is not { Type: DataType.Float32, Shape.Rank: 2 } b || b.Shape[transB ? 0 : 1] != scale.Length)
        {
            return false;
        }

        int n = scale.Length;
        var c = cValue?.Constant;
        if (cValue is not null && (c is not { Type: DataType.Float32 } || c.Shape.Rank > 2 || (c.Shape.Rank > 0 && c.Shape[^1] is not 1 && c.Shape[^1] != n)))
        {
            return false; // Non-constant bias, or one broadcast along another axis.
        }

        var newB = new float[b.Length];
        var oldB = b.Float32;
        int rows = b.Shape[0], cols = b.Shape[1];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < cols; k++)
            {
                newB[(r * cols) + k] = (float)(oldB[(r * cols) + k] * scale[transB ? r : k]);
            }
        }

        // C′[r, j] = (β·C[r, j] )·s[j] + shift[j], over C's rows (one row when C is absent or of rank below 2).
        double beta = gemm.Attributes.GetFloat("beta", 1f);
        int cRows = c is { Shape.Rank: 2 } ? c.Shape[0] : 1;
        int cCols = c is null || c.Shape.Rank == 0 ? 1 : c.Shape[^1];
        var newC = new float[cRows * n];
        for (int r = 0; r < cRows; r++)
        {
            for (int j = 0; j < n; j++)
            {
                double bias = c is null ? 0.0 : beta * c.Float32[(r * cCols) + (cCols == 1 ? 0 : j)];
                newC[(r * n) + j] = (float)((bias * scale[j]) + shift[j]);
            }
        }

        var cShape = c is { Shape.Rank: 2 } ? new TensorShape(cRows, n) : new TensorShape(n);
        Rewire(graph, uses, gemm, 1, $"{bValue.Name}_bn", Tensor.FromFloat32(newB, b.Shape));
        Rewire(graph, uses, gemm, 2, cValue is null ? $"{gemm.Name}_bias_bn" : $"{cValue.Name}_bn", Tensor.FromFloat32(newC, cShape));
        gemm.Attributes.Set("beta", AttributeValue.Of(1f));
        return true;
    }

    /// <summary>Points input <paramref name="index"/> of <paramref name="node"/> at a new constant and drops the old one if nothing else reads it.</summary>
    private static void Rewire(ComputeGraph graph, UseMap uses, Node node, int index, string stem, Tensor data)
    {
        var old = node.InputOrNull(index);
        while (node.Inputs.Count < index)
        {
            node.Inputs.Add(null); // Gemm/Conv take their bias last, so this only fills omitted inputs.
        }

        uses.SetInput(node, index, graph.AddValue(new Value(graph.UniqueName(stem), constant: data)));
        uses.RemoveIfDeadConstant(graph, old);
    }
}
