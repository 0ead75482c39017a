using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Floor (opset 6+): the largest integer not above x, elementwise (fp16, fp32, fp64).</summary>
public sealed class Floor : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Floor";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Floor(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Floor(x, destination);
}
