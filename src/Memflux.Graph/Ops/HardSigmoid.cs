using System.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX HardSigmoid (opset 6+): y = max(0, min(1, alpha·x + beta)), alpha 0.2 and beta 0.5 by default (fp16, fp32, fp64).</summary>
public sealed class HardSigmoid : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "HardSigmoid";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["alpha", "beta"];

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination)
    {
        float alpha = node.Attributes.GetFloat("alpha", 0.2f);
        float beta = node.Attributes.GetFloat("beta", 0.5f);
        UnaryKernel.Apply(x, destination, new Fp32(alpha, beta));
    }

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination)
    {
        float alpha = node.Attributes.GetFloat("alpha", 0.2f);
        float beta = node.Attributes.GetFloat("beta", 0.5f);
        Run(x, destination, (double)alpha, (double)beta);
    }

    private static void Run<T>(ReadOnlySpan<T> x, Span<T> destination, T alpha, T beta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            T v = x[i];
            destination[i] = T.Max(T.Zero, T.Min(T.One, (alpha * v) + beta));
        }
    }

    private readonly record struct Fp32(float Alpha, float Beta) : IUnaryOperator
    {
        public float Invoke(float x) => MathF.Max(0f, MathF.Min(1f, (Alpha * x) + Beta));

        public Vector<float> Invoke(Vector<float> x) => Vector.Max(Vector<float>.Zero, Vector.Min(Vector<float>.One, (x * Alpha) + new Vector<float>(Beta)));
    }
}
