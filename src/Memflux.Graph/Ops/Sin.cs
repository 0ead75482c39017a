using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Sin (opset 7+): the sine, elementwise (fp16, fp32, fp64).</summary>
public sealed class Sin : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Sin";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Sin(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Sin(x, destination);
}
