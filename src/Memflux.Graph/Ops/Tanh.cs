using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Tanh: y = tanh(x).</summary>
public sealed class Tanh : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Tanh";

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Tanh(x, destination);
}
