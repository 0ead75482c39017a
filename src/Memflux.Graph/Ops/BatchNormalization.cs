using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX BatchNormalization in inference mode (opsets 7–21): Y = (X − mean) / sqrt(var + epsilon) · scale + B per channel
/// of an (N, C, ...) input. Training mode, the running-statistics outputs, and <c>spatial</c> = 0 (opsets 7–8) are rejected.
/// </summary>
public sealed class BatchNormalization : Operator
{
    /// <inheritdoc />
    public override string OpType => "BatchNormalization";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["epsilon", "momentum", "spatial", "training_mode"];

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
            var dst = yData.AsSpan(plane * size, size);
            TensorPrimitives.Multiply(xData.AsSpan(plane * size, size), a[c], dst);
            TensorPrimitives.Add(dst, b[c], dst);
        });
        return [y];
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
