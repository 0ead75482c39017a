using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Celu (opset 12+): y = max(0, x) + min(0, alpha·(e^(x/alpha) − 1)), alpha defaulting to 1 (fp32, the one type ONNX lists).</summary>
public sealed class Celu : ElementwiseFloatOperator
{
    private static readonly DataType[] Types = [DataType.Float32];

    /// <inheritdoc />
    public override string OpType => "Celu";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["alpha"];

    /// <inheritdoc />
    protected override IReadOnlyList<DataType> InputTypes(Node node) => Types;

    /// <inheritdoc />
    protected override void CheckAttributes(Node node)
    {
        if (node.Attributes.GetFloat("alpha", 1f) == 0f)
        {
            throw node.Error("attribute 'alpha' must not be 0 (x/alpha is the exponent).");
        }
    }

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination)
    {
        float alpha = node.Attributes.GetFloat("alpha", 1f);
        for (int i = 0; i < destination.Length; i++)
        {
            float v = x[i];
            destination[i] = MathF.Max(0f, v) + MathF.Min(0f, alpha * (MathF.Exp(v / alpha) - 1f));
        }
    }

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) =>
        throw new InvalidOperationException($"{node.Describe()}: fp64 is refused at import.");
}
