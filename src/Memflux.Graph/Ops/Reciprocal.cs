using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Reciprocal (opset 6+): 1 / x, elementwise (fp16, fp32, fp64).</summary>
public sealed class Reciprocal : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Reciprocal";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Reciprocal(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Reciprocal(x, destination);
}
