using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX BatchNormalization (opsets 6–21): Y = (X − mean) / sqrt(var + epsilon) · scale + B per channel of an (N, C, ...)
/// input. In inference mode mean and var are the inputs. With <c>training_mode</c> = 1 (opsets 14+, three outputs as ONNX
/// requires) they are the batch's own statistics (mean and population variance over every axis but C), and the outputs
/// running_mean and running_var are input_mean · momentum + batch mean · (1 − momentum) and likewise for the variance, as
/// ONNX specifies. Training before opset 14 (<c>is_test</c> = 0, or the saved-statistics outputs of opsets 7–13) and
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
        var operands = Enumerable.Range(0, 5).Select(i => RequireInput(node, inputs, i)).ToArray();
        Check(node, x.Shape, operands);
        var statistics = new TensorInfo(DataType.Float32, operands[3].Shape);
        return node.Outputs.Count == 1 ? [new TensorInfo(DataType.Float32, x.Shape)] : [new TensorInfo(DataType.Float32, x.Shape), statistics, statistics];
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
        ReadOnlySpan<float> mean = operands[3].Float32;
        ReadOnlySpan<float> variance = operands[4].Float32;
        Tensor[] running = [];
        if (node.Attributes.GetInt("training_mode", 0) != 0)
        {
            float[] batchMean = new float[channels], batchVariance = new float[channels];
            BatchStatistics(x.Float32, batch, channels, size, batchMean, batchVariance);
            float momentum = node.Attributes.GetFloat("momentum", 0.9f);
            running = [Running(mean, batchMean, momentum), Running(variance, batchVariance, momentum)];
            mean = batchMean;
            variance = batchVariance;
        }

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
        return [y, .. running];
    }

    /// <summary>Per channel, the mean and the population variance (divided by N · spatial size) of X, accumulated in fp64.</summary>
    private static void BatchStatistics(ReadOnlySpan<float> x, int batch, int channels, int size, Span<float> mean, Span<float> variance)
    {
        double count = Math.Max((double)batch * size, 1);
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int n = 0; n < batch; n++)
            {
                foreach (float v in x.Slice(((n * channels) + c) * size, size))
                {
                    sum += v;
                }
            }

            double m = sum / count, squares = 0;
            for (int n = 0; n < batch; n++)
            {
                foreach (float v in x.Slice(((n * channels) + c) * size, size))
                {
                    squares += (v - m) * (v - m);
                }
            }

            mean[c] = (float)m;
            variance[c] = (float)(squares / count);
        }
    }

    /// <summary>input · momentum + current · (1 − momentum), the running statistic training mode outputs.</summary>
    private static Tensor Running(ReadOnlySpan<float> input, ReadOnlySpan<float> current, float momentum)
    {
        var result = new float[input.Length];
        for (int c = 0; c < result.Length; c++)
        {
            result[c] = (input[c] * momentum) + (current[c] * (1 - momentum));
        }

        return Tensor.FromFloat32(result, new TensorShape(result.Length));
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

        if (node.Opset < 14 && node.Attributes.ContainsKey("training_mode"))
        {
            throw node.Error("attribute 'training_mode' exists from opset 14.");
        }

        long training = node.Attributes.GetInt("training_mode", 0);
        if (training is not (0 or 1))
        {
            throw node.Error($"attribute 'training_mode' is {training}; expected 0 (inference) or 1 (training).");
        }

        if (node.Opset < 14 && node.Outputs.Count > 1)
        {
            throw node.Error($"requests {node.Outputs.Count} outputs at opset {node.Opset}; only Y is supported before opset 14 (training there outputs saved statistics; use training_mode at opset 14+).");
        }

        if (training == 1 && node.Outputs.Count != 3)
        {
            throw node.Error($"requests {node.Outputs.Count} outputs with training_mode 1; expected 3 (Y, running_mean, running_var), as ONNX requires in training mode.");
        }

        if (training == 0 && node.Outputs.Count > 1)
        {
            throw node.Error($"requests {node.Outputs.Count} outputs with training_mode 0; running_mean and running_var are outputs of training mode (training_mode = 1) only.");
        }

        float momentum = node.Attributes.GetFloat("momentum", 0.9f); // Read in inference too, so a wrongly typed value is reported.
        if (!float.IsFinite(momentum))
        {
            throw node.Error($"attribute 'momentum' is {momentum}; expected a finite value.");
        }
        float epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);
        if (!(epsilon >= 0) || float.IsInfinity(epsilon))
        {
            throw node.Error($"attribute 'epsilon' is {epsilon}; expected a finite value ≥ 0.");
        }

        return epsilon;
    }
}
