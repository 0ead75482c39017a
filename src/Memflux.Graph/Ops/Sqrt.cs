using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Sqrt (opset 6+): the square root, elementwise (fp16, fp32, fp64); the root of a negative is NaN.</summary>
public sealed class Sqrt : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Sqrt";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Sqrt(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Sqrt(x, destination);
}
