using System.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX ThresholdedRelu (opset 10+): y = x &gt; alpha ? x : 0, alpha defaulting to 1 (fp16, fp32, fp64).</summary>
public sealed class ThresholdedRelu : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "ThresholdedRelu";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["alpha"];

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination)
    {
        float alpha = node.Attributes.GetFloat("alpha", 1f);
        UnaryKernel.Apply(x, destination, new Fp32(alpha));
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
            destination[i] = v > alpha ? v : T.Zero;
        }
    }

    private readonly record struct Fp32(float Alpha) : IUnaryOperator
    {
        public float Invoke(float x) => x > Alpha ? x : 0f;

        public Vector<float> Invoke(Vector<float> x) => Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<float>(Alpha)), x, Vector<float>.Zero);
    }
}
