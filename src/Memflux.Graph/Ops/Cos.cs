using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Cos (opset 7+): the cosine, elementwise (fp16, fp32, fp64).</summary>
public sealed class Cos : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Cos";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Cos(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Cos(x, destination);
}
