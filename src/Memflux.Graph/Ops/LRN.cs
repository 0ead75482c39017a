using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX LRN (opsets 1–21), local response normalization across channels of an fp32 (N, C, ...) input:
/// y = x / (bias + alpha/size · Σ x²)^beta, the sum over channels c − ⌊(size−1)/2⌋ .. c + ⌈(size−1)/2⌉ that exist.
/// </summary>
public sealed class LRN : Operator
{
    /// <inheritdoc />
    public override string OpType => "LRN";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["alpha", "beta", "bias", "size"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Resolve(node, x);
        return [new TensorInfo(DataType.Float32, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var (size, alpha, beta, bias) = Resolve(node, TensorInfo.Of(x));
        var y = Tensor.Uninitialized(DataType.Float32, x.Shape);
        int batch = x.Shape[0], channels = x.Shape[1];
        int plane = batch * channels == 0 ? 0 : x.Length / (batch * channels);
        int before = (size - 1) / 2, after = size - 1 - before;
        float[] xData = x.Float32Array, yData = y.Float32Array;
        float scale = alpha / size;
        PoolLoop.ForEachPlane(batch * channels, (long)plane * size, p =>
        {
            int n = p / channels, c = p % channels;
            int first = Math.Max(0, c - before), last = Math.Min(channels - 1, c + after);
            var dst = yData.AsSpan(p * plane, plane);
            dst.Clear();
            for (int k = first; k <= last; k++)
            {
                var src = xData.AsSpan(((n * channels) + k) * plane, plane);
                for (int i = 0; i < plane; i++)
                {
                    dst[i] += src[i] * src[i];
                }
            }

            var xs = xData.AsSpan(p * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                dst[i] = xs[i] / MathF.Pow(bias + (scale * dst[i]), beta);
            }
        });
        return [y];
    }

    private static (int Size, float Alpha, float Beta, float Bias) Resolve(Node node, TensorInfo x)
    {
        if (x.Type != DataType.Float32)
        {
            throw node.Error($"input X must be Float32; found {x.Type}.");
        }

        if (x.Shape.Rank < 3)
        {
            throw node.Error($"input X has shape {x.Shape}; expected rank 3 or more (N, C, spatial...).");
        }

        long size = node.Attributes.RequireInt("size");
        if (size is < 1 or > int.MaxValue)
        {
            throw node.Error($"attribute 'size' is {size}; expected a positive number of channels.");
        }

        return ((int)size, node.Attributes.GetFloat("alpha", 1e-4f), node.Attributes.GetFloat("beta", 0.75f), node.Attributes.GetFloat("bias", 1f));
    }
}
