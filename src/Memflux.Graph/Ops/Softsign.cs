using System.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Softsign (opset 1+): y = x / (1 + |x|) (fp16, fp32, fp64).</summary>
public sealed class Softsign : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Softsign";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination)
    {

        UnaryKernel.Apply(x, destination, default(Fp32));
    }

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination)
    {

        Run(x, destination);
    }

    private static void Run<T>(ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            T v = x[i];
            destination[i] = v / (T.One + T.Abs(v));
        }
    }

    private readonly struct Fp32 : IUnaryOperator
    {
        public float Invoke(float x) => x / (1f + MathF.Abs(x));

        public Vector<float> Invoke(Vector<float> x) => x / (Vector<float>.One + Vector.Abs(x));
    }
}
