using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX LayerNormalization (opset 17+): normalizes X over dimensions axis.. with Scale and optional B, and can also
/// output Mean and InvStdDev (shape X[..axis] followed by ones). Statistics are accumulated in fp64.
/// </summary>
public sealed class LayerNormalization : Operator
{
    /// <inheritdoc />
    public override string OpType => "LayerNormalization";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["axis", "epsilon", "stash_type"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var p = Resolve(node, x, RequireInput(node, inputs, 1), inputs.Count > 2 ? inputs[2] : null);
        return [new TensorInfo(DataType.Float32, x.Shape), new TensorInfo(DataType.Float32, p.StatsShape), new TensorInfo(DataType.Float32, p.StatsShape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var scale = RequireInput(node, inputs, 1);
        var bias = inputs.Count > 2 ? inputs[2] : null;
        var p = Resolve(node, TensorInfo.Of(x), TensorInfo.Of(scale), bias is null ? null : TensorInfo.Of(bias));
        var y = Tensor.Zeros(DataType.Float32, x.Shape);
        var mean = Tensor.Zeros(DataType.Float32, p.StatsShape);
        var invStd = Tensor.Zeros(DataType.Float32, p.StatsShape);
        int size = p.NormalizedSize;
        var xData = x.Float32;
        var yData = y.Float32;
        var s = scale.Float32;
        var b = bias is null ? default : bias.Float32;
        for (int r = 0; r < p.Rows; r++)
        {
            var row = xData.Slice(r * size, size);
            double sum = 0;
            foreach (float v in row)
            {
                sum += v;
            }

            double mu = sum / size;
            double squares = 0;
            foreach (float v in row)
            {
                double d = v - mu;
                squares += d * d;
            }

            float m = (float)mu;
            float inv = (float)(1.0 / Math.Sqrt((squares / size) + p.Epsilon));
            var dst = yData.Slice(r * size, size);
            for (int i = 0; i < size; i++)
            {
                dst[i] = ((row[i] - m) * inv * s[i]) + (b.IsEmpty ? 0f : b[i]);
            }

            mean.Float32[r] = m;
            invStd.Float32[r] = inv;
        }

        return [y, mean, invStd];
    }

    private static Params Resolve(Node node, TensorInfo x, TensorInfo scale, TensorInfo? bias)
    {
        if (x.Type != DataType.Float32 || scale.Type != DataType.Float32 || (bias is not null && bias.Type != DataType.Float32))
        {
            throw node.Error("inputs X, Scale and B must be Float32.");
        }

        if (x.Shape.Rank == 0)
        {
            throw node.Error("input X is a scalar; expected rank 1 or more.");
        }

        long stash = node.Attributes.GetInt("stash_type", 1);
        if (stash != 1)
        {
            throw node.Error($"attribute 'stash_type' is {stash}; only 1 (fp32 statistics) is supported.");
        }

        int axis;
        try
        {
            axis = x.Shape.NormalizeAxis(node.Attributes.GetInt("axis", -1), "attribute 'axis'");
        }
        catch (MemfluxException e)
        {
            throw node.Error(e.Message);
        }

        int rows = 1;
        var stats = x.Shape.Dimensions.ToArray();
        for (int i = 0; i < stats.Length; i++)
        {
            if (i < axis)
            {
                rows *= stats[i];
            }
            else
            {
                stats[i] = 1;
            }
        }

        int normalized = rows == 0 ? 0 : x.Shape.ElementCount / rows;
        CheckParameter(node, "Scale", scale.Shape, x.Shape, axis, normalized);
        if (bias is not null)
        {
            CheckParameter(node, "B", bias.Shape, x.Shape, axis, normalized);
        }

        float epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);
        if (!(epsilon >= 0) || float.IsInfinity(epsilon))
        {
            throw node.Error($"attribute 'epsilon' is {epsilon}; expected a finite value ≥ 0.");
        }

        return new Params(rows, normalized, epsilon, new TensorShape(stats));
    }

    /// <summary>Scale and B must hold exactly X[axis..] (leading ones allowed), one value per normalized element.</summary>
    private static void CheckParameter(Node node, string name, TensorShape p, TensorShape x, int axis, int normalized)
    {
        var trailing = x.Dimensions[axis..];
        var dims = p.Dimensions;
        while (dims.Length > trailing.Length && dims[0] == 1)
        {
            dims = dims[1..];
        }

        if (p.ElementCount != normalized || !trailing[^dims.Length..].SequenceEqual(dims) || dims.Length > trailing.Length)
        {
            throw node.Error($"input {name} has shape {p}; expected [{string.Join(",", trailing.ToArray())}] (X {x} from axis {axis}).");
        }
    }

    private sealed record Params(int Rows, int NormalizedSize, float Epsilon, TensorShape StatsShape);
}
