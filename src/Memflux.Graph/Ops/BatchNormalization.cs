using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX BatchNormalization in inference mode (opsets 6–21): Y = (X − mean) / sqrt(var + epsilon) · scale + B per channel
/// of an (N, C, ...) input. Training mode (and <c>is_test</c> = 0 before opset 7), the running-statistics outputs, and
/// <c>spatial</c> = 0 (opsets 7–8) are rejected.
/// </summary>
public sealed class BatchNormalization : Operator
{
    /// <inheritdoc />
    public override string OpType => "BatchNormalization";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["epsilon", "is_test", "momentum", "spatial", "training_mode"];

    /// <inheritdoc />
    public override int MinInputs => 5;

    /// <inheritdoc />
    public override int MaxInputs => 5;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Check(node, x.Shape, [.. Enumerable.Range(0, 5).Select(i => RequireInput(node, inputs, i))]);
        return [new TensorInfo(DataType.Float32, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var operands = Enumerable.Range(0, 5).Select(i => RequireInput(node, inputs, i)).ToArray();
        float epsilon = Check(node, x.Shape, [.. operands.Select(TensorInfo.Of)]);
        int batch = x.Shape[0], channels = x.Shape[1];
        int size = batch * channels == 0 ? 0 : x.Length / (batch * channels);

        // Fold to y = x·a + b per channel, in the order ONNX Runtime evaluates it: a = scale / sqrt(var + eps), b = B − mean·a.
        var a = new float[channels];
        var b = new float[channels];
        var scale = operands[1].Float32;
        var bias = operands[2].Float32;
        var mean = operands[3].Float32;
        var variance = operands[4].Float32;
        for (int c = 0; c < channels; c++)
        {
            a[c] = (1f / MathF.Sqrt(variance[c] + epsilon)) * scale[c];
            b[c] = bias[c] - (mean[c] * a[c]);
        }

        var y = Tensor.Zeros(DataType.Float32, x.Shape);
        float[] xData = x.Float32Array, yData = y.Float32Array;
        PoolLoop.ForEachPlane(batch * channels, size, plane =>
        {
            int c = plane % channels;
            ScaleShift(xData.AsSpan(plane * size, size), a[c], b[c], yData.AsSpan(plane * size, size));
        });
        return [y];
    }

    /// <summary>y = x·a + b in one pass; multiply then add (no fused multiply-add), as ONNX Runtime rounds it.</summary>
    private static void ScaleShift(ReadOnlySpan<float> x, float a, float b, Span<float> y)
    {
        var va = new Vector<float>(a);
        var vb = new Vector<float>(b);
        int i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            ((new Vector<float>(x[i..]) * va) + vb).CopyTo(y[i..]);
        }

        for (; i < x.Length; i++)
        {
            y[i] = (x[i] * a) + b;
        }
    }

    private static float Check(Node node, TensorShape x, TensorInfo[] operands)
    {
        string[] names = ["X", "scale", "B", "input_mean", "input_var"];
        for (int i = 0; i < operands.Length; i++)
        {
            if (operands[i].Type != DataType.Float32)
            {
                throw node.Error($"input {names[i]} must be Float32; found {operands[i].Type}.");
            }
        }

        if (x.Rank < 2)
        {
            throw node.Error($"input X has shape {x}; expected rank 2 or more (N, C, ...).");
        }

        for (int i = 1; i < operands.Length; i++)
        {
            var s = operands[i].Shape;
            if (s.Rank != 1 || s[0] != x[1])
            {
                throw node.Error($"input {names[i]} has shape {s}; expected [{x[1]}] (one value per channel of X {x}).");
            }
        }

        if (node.Attributes.ContainsKey("spatial"))
        {
            long spatial = node.Attributes.GetInt("spatial", 1);
            if (node.Opset >= 9)
            {
                throw node.Error("attribute 'spatial' was removed in opset 9.");
            }

            if (spatial != 1)
            {
                throw node.Error($"attribute 'spatial' is {spatial}; only 1 (per-channel statistics) is supported.");
            }
        }

        if (node.Attributes.ContainsKey("is_test"))
        {
            long isTest = node.Attributes.GetInt("is_test", 0);
            if (node.Opset >= 7)
            {
                throw node.Error("attribute 'is_test' was removed in opset 7.");
            }

            if (isTest != 1)
            {
                throw node.Error($"attribute 'is_test' is {isTest}; only inference (is_test = 1) is supported.");
            }
        }

        long training = node.Attributes.GetInt("training_mode", 0);
        if (training != 0)
        {
            throw node.Error($"attribute 'training_mode' is {training}; only inference (0) is supported.");
        }

        if (node.Outputs.Count > 1)
        {
            throw node.Error($"requests {node.Outputs.Count} outputs; only Y is supported (the running mean/variance outputs are for training).");
        }

        _ = node.Attributes.GetFloat("momentum", 0.9f); // Only used in training; read so a wrongly typed value is reported.
        float epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);
        if (!(epsilon >= 0) || float.IsInfinity(epsilon))
        {
            throw node.Error($"attribute 'epsilon' is {epsilon}; expected a finite value ≥ 0.");
        }

        return epsilon;
    }
}
