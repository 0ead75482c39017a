using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Tan (opset 7+): the tangent, elementwise (fp16, fp32, fp64).</summary>
public sealed class Tan : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Tan";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Tan(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Tan(x, destination);
}
