using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Relu: y = max(x, 0).</summary>
public sealed class Relu : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Relu";

    /// <inheritdoc />
    protected override void Apply(ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Max(x, 0f, destination);
}
