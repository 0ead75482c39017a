using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Tanh: y = tanh(x) (fp16, fp32, fp64).</summary>
public sealed class Tanh : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Tanh";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Tanh(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Tanh(x, destination);
}
