using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Acos (opset 7+): the arccosine, elementwise (fp16, fp32, fp64); NaN outside [−1, 1].</summary>
public sealed class Acos : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Acos";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Acos(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Acos(x, destination);
}
