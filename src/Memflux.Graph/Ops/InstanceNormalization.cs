using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX InstanceNormalization (opsets 1–21) on fp32 (N, C, spatial...) inputs: each (n, c) plane is normalized by its
/// own mean and variance, y = scale[c]·(x − μ)/√(σ² + epsilon) + B[c]. Statistics are accumulated in fp64.
/// </summary>
public sealed class InstanceNormalization : Operator
{
    /// <inheritdoc />
    public override string OpType => "InstanceNormalization";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["epsilon"];

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        Check(node, x, RequireInput(node, inputs, 1), RequireInput(node, inputs, 2));
        return [new TensorInfo(DataType.Float32, x.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var scale = RequireInput(node, inputs, 1);
        var bias = RequireInput(node, inputs, 2);
        float epsilon = Check(node, TensorInfo.Of(x), TensorInfo.Of(scale), TensorInfo.Of(bias));
        var y = Tensor.Uninitialized(DataType.Float32, x.Shape);
        int channels = x.Shape[1], planes = x.Shape[0] * channels;
        int size = planes == 0 ? 0 : x.Length / planes;
        float[] xData = x.Float32Array, yData = y.Float32Array, s = scale.Float32Array, b = bias.Float32Array;
        PoolLoop.ForEachPlane(planes, 2L * size, p =>
        {
            var row = new ReadOnlySpan<float>(xData, p * size, size);
            var (mean, invStd) = Statistics(row, epsilon);
            float a = s[p % channels] * invStd, shift = b[p % channels];
            var dst = yData.AsSpan(p * size, size);
            for (int i = 0; i < size; i++)
            {
                dst[i] = ((row[i] - mean) * a) + shift;
            }
        });
        return [y];
    }

    /// <summary>The mean and 1/√(variance + epsilon) of <paramref name="row"/> (fp64 sums, two passes).</summary>
    internal static (float Mean, float InvStd) Statistics(ReadOnlySpan<float> row, double epsilon)
    {
        double sum = 0;
        foreach (float v in row)
        {
            sum += v;
        }

        double mean = sum / row.Length, squares = 0;
        foreach (float v in row)
        {
            double d = v - mean;
            squares += d * d;
        }

        return ((float)mean, (float)(1.0 / Math.Sqrt((squares / row.Length) + epsilon)));
    }

    private static float Check(Node node, TensorInfo x, TensorInfo scale, TensorInfo bias)
    {
        if (x.Type != DataType.Float32 || scale.Type != DataType.Float32 || bias.Type != DataType.Float32)
        {
            throw node.Error($"inputs must be Float32; found input {x.Type}, scale {scale.Type}, B {bias.Type}.");
        }

        if (x.Shape.Rank < 3)
        {
            throw node.Error($"input has shape {x.Shape}; expected rank 3 or more (N, C, spatial...).");
        }

        int channels = x.Shape[1];
        if (scale.Shape.Rank != 1 || scale.Shape[0] != channels || bias.Shape.Rank != 1 || bias.Shape[0] != channels)
        {
            throw node.Error($"scale {scale.Shape} and B {bias.Shape} must both be [{channels}] (one value per channel of {x.Shape}).");
        }

        float epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);
        if (!(epsilon >= 0) || float.IsInfinity(epsilon))
        {
            throw node.Error($"attribute 'epsilon' is {epsilon}; expected a finite value ≥ 0.");
        }

        return epsilon;
    }
}
