using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Atanh (opset 9+): the inverse hyperbolic tangent, elementwise (fp16, fp32, fp64); ±∞ at ±1, NaN outside.</summary>
public sealed class Atanh : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Atanh";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Atanh(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Atanh(x, destination);
}
