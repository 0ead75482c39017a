using System.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Elu (opset 6+): y = x ≥ 0 ? x : alpha·(eˣ − 1), alpha defaulting to 1 (fp16, fp32, fp64).</summary>
public sealed class Elu : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Elu";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["alpha"];

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination)
    {
        float alpha = node.Attributes.GetFloat("alpha", 1f);
        Run(x, destination, alpha);
    }

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination)
    {
        float alpha = node.Attributes.GetFloat("alpha", 1f);
        Run(x, destination, (double)alpha);
    }

    private static void Run<T>(ReadOnlySpan<T> x, Span<T> destination, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            T v = x[i];
            destination[i] = v >= T.Zero ? v : alpha * (T.Exp(v) - T.One);
        }
    }
}
