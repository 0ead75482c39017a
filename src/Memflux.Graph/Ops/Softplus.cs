namespace Memflux.Graph.Ops;

/// <summary>ONNX Softplus (opset 1+): y = ln(1 + eˣ) (fp16, fp32, fp64).</summary>
/// <remarks>
/// Computed as x + ln(1 + e⁻ˣ) for x &gt; 0 and ln(1 + eˣ) otherwise, with an accurate ln(1 + u), so large x neither
/// overflows nor loses the small tail, and very negative x keeps its relative precision (fp32 runs in fp64).
/// </remarks>
public sealed class Softplus : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Softplus";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)Evaluate(x[i]);
        }
    }

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Evaluate(x[i]);
        }
    }

    private static double Evaluate(double x) => x > 0 ? x + LogOnePlus(Math.Exp(-x)) : LogOnePlus(Math.Exp(x));

    /// <summary>ln(1 + u) without the cancellation of ln(fl(1 + u)) for small u (Goldberg's correction).</summary>
    private static double LogOnePlus(double u)
    {
        double w = 1 + u;
        return w == 1 ? u : Math.Log(w) * u / (w - 1);
    }
}
