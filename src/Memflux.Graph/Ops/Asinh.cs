using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Asinh (opset 9+): the inverse hyperbolic sine, elementwise (fp16, fp32, fp64).</summary>
public sealed class Asinh : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Asinh";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Asinh(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Asinh(x, destination);
}
