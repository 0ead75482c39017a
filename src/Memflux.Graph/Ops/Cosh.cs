using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Cosh (opset 9+): the hyperbolic cosine, elementwise (fp16, fp32, fp64).</summary>
public sealed class Cosh : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Cosh";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Cosh(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Cosh(x, destination);
}
