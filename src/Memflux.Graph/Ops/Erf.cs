namespace Memflux.Graph.Ops;

/// <summary>ONNX Erf (opset 9+): the Gauss error function, elementwise.</summary>
public sealed class Erf : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Erf";

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> destination) => ErrorFunction.Erf(x, destination);
}
