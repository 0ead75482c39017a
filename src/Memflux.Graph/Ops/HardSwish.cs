using System.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX HardSwish (opset 14+): y = x · max(0, min(1, x/6 + 1/2)) (fp16, fp32, fp64).</summary>
/// <remarks>x/6 is computed as x · (1/6 rounded to the type), as ONNX Runtime writes HardSwish through HardSigmoid.</remarks>
public sealed class HardSwish : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "HardSwish";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => UnaryKernel.Apply(x, destination, default(Fp32));

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => Run(x, destination, 1.0 / 6.0);

    private static void Run<T>(ReadOnlySpan<T> x, Span<T> destination, T alpha)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.One / (T.One + T.One);
        for (int i = 0; i < destination.Length; i++)
        {
            T v = x[i];
            destination[i] = v * T.Max(T.Zero, T.Min(T.One, (alpha * v) + half));
        }
    }

    private readonly struct Fp32 : IUnaryOperator
    {
        private const float Alpha = 1f / 6f;

        public float Invoke(float x) => x * MathF.Max(0f, MathF.Min(1f, (Alpha * x) + 0.5f));

        public Vector<float> Invoke(Vector<float> x) =>
            x * Vector.Max(Vector<float>.Zero, Vector.Min(Vector<float>.One, (x * Alpha) + new Vector<float>(0.5f)));
    }
}
