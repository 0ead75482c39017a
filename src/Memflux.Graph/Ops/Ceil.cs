using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Ceil (opset 6+): the smallest integer not below x, elementwise (fp16, fp32, fp64).</summary>
public sealed class Ceil : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Ceil";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Ceiling(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Ceiling(x, destination);
}
