using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// The negative log-likelihood shared by NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (opsets 12–21):
/// loss[n, d…] = −input[n, target[n, d…], d…] · weight[target], 0 where target = ignore_index; reduced by
/// <c>none</c> (shape [N, d…]), <c>sum</c>, or <c>mean</c> (the sum divided by the summed weights of the targets
/// not ignored, or their count without weights). Computed in fp64 and rounded to the input's type.
/// </summary>
internal static class LossKernel
{
    /// <summary>The attributes both losses take.</summary>
    public static readonly string[] Attributes = ["ignore_index", "reduction"];

    /// <summary>Checks input [N, C, d…], target [N, d…] (int32/int64), weight [C]; returns the output info.</summary>
    public static TensorInfo Infer(Node node, TensorInfo input, TensorInfo target, TensorInfo? weight)
    {
        if (!input.Type.IsFloatingPoint())
        {
            throw node.Error($"input 0 must be a floating-point tensor, found {input.Type}.");
        }

        OperatorInputs.RequireIndexType(node, target, 1);
        if (input.Shape.Rank < 2 || target.Shape.Rank != input.Shape.Rank - 1 || target.Shape[0] != input.Shape[0]
            || !target.Shape.Dimensions[1..].SequenceEqual(input.Shape.Dimensions[2..]))
        {
            throw node.Error($"input 0 {input.Shape} must be [N, C, d...] and input 1 {target.Shape} [N, d...] with the same N and d.");
        }

        if (weight is not null && (weight.Type != input.Type || weight.Shape.Rank != 1 || weight.Shape[0] != input.Shape[1]))
        {
            throw node.Error($"input 2 (weight) must be {input.Type}[{input.Shape[1]}], found {weight.Type}{weight.Shape}.");
        }

        return new TensorInfo(input.Type, Reduction(node) == "none" ? target.Shape : TensorShape.Scalar);
    }

    /// <summary>The loss of <paramref name="input"/> (log-probabilities, [N, C, d…]) at <paramref name="target"/>.</summary>
    public static Tensor Run(Node node, Tensor input, Tensor target, Tensor? weight)
    {
        int n = input.Shape[0], classes = input.Shape[1];
        int inner = n == 0 || classes == 0 ? 0 : input.Length / (n * classes);
        var targets = OperatorInputs.Indices(node, target, 1);
        long? ignore = node.Attributes.ContainsKey("ignore_index") ? node.Attributes.GetInt("ignore_index", 0) : null;
        var losses = new double[target.Length];
        double weightSum = 0;
        for (int b = 0; b < n; b++)
        {
            for (int d = 0; d < inner; d++)
            {
                int i = (b * inner) + d;
                long t = targets[i];
                if (t == ignore)
                {
                    continue;
                }

                if (t < 0 || t >= classes)
                {
                    throw node.Error($"target {t} (at position {i} of input 1) is out of range for {classes} classes (expected 0 to {classes - 1}{(ignore is null ? "" : $", or ignore_index {ignore}")}).");
                }

                double w = weight is null ? 1 : weight.GetAsDouble((int)t);
                losses[i] = -input.GetAsDouble((((b * classes) + (int)t) * inner) + d) * w;
                weightSum += w;
            }
        }

        string reduction = Reduction(node);
        if (reduction == "none")
        {
            return FromDoubles(input.Type, losses, target.Shape);
        }

        double sum = losses.Sum();
        return FromDoubles(input.Type, [reduction == "sum" ? sum : sum / weightSum], TensorShape.Scalar);
    }

    /// <summary>The <c>reduction</c> attribute, checked.</summary>
    public static string Reduction(Node node)
    {
        string reduction = node.Attributes.GetString("reduction", "mean");
        return reduction is "none" or "sum" or "mean" ? reduction : throw node.Error($"attribute 'reduction' is \"{reduction}\"; expected \"none\", \"sum\" or \"mean\".");
    }

    /// <summary>A tensor of a floating-point <paramref name="type"/> from fp64 values.</summary>
    public static Tensor FromDoubles(DataType type, double[] values, TensorShape shape) => type switch
    {
        DataType.Float32 => Tensor.FromFloat32([.. values.Select(v => (float)v)], shape),
        DataType.Float64 => Tensor.From(values, shape),
        DataType.Float16 => Tensor.From(values.Select(v => (Half)v).ToArray(), shape),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a floating-point type"),
    };
}
