using System.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Selu (opset 6+): y = x &gt; 0 ? gamma·x : gamma·(alpha·eˣ − alpha), with alpha ≈ 1.6733 and gamma ≈ 1.0507 by default (fp16, fp32, fp64).</summary>
public sealed class Selu : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Selu";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["alpha", "gamma"];

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination)
    {
        float alpha = node.Attributes.GetFloat("alpha", 1.67326319217681884765625f);
        float gamma = node.Attributes.GetFloat("gamma", 1.05070102214813232421875f);
        Run(x, destination, alpha, gamma);
    }

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination)
    {
        float alpha = node.Attributes.GetFloat("alpha", 1.67326319217681884765625f);
        float gamma = node.Attributes.GetFloat("gamma", 1.05070102214813232421875f);
        Run(x, destination, (double)alpha, (double)gamma);
    }

    private static void Run<T>(ReadOnlySpan<T> x, Span<T> destination, T alpha, T gamma)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            T v = x[i];
            destination[i] = v > T.Zero ? gamma * v : gamma * ((alpha * T.Exp(v)) - alpha);
        }
    }
}
