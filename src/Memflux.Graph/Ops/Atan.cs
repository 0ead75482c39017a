using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Atan (opset 7+): the arctangent, elementwise (fp16, fp32, fp64).</summary>
public sealed class Atan : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Atan";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Atan(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Atan(x, destination);
}
