using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Acosh (opset 9+): the inverse hyperbolic cosine, elementwise (fp16, fp32, fp64); NaN below 1.</summary>
public sealed class Acosh : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Acosh";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Acosh(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Acosh(x, destination);
}
