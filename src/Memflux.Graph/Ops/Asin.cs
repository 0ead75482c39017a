using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Asin (opset 7+): the arcsine, elementwise (fp16, fp32, fp64); NaN outside [−1, 1].</summary>
public sealed class Asin : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Asin";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Asin(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Asin(x, destination);
}
