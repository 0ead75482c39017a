using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Sinh (opset 9+): the hyperbolic sine, elementwise (fp16, fp32, fp64).</summary>
public sealed class Sinh : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Sinh";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Sinh(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Sinh(x, destination);
}
