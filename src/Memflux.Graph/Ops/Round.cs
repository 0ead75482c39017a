using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Round (opset 11+): x rounded to the nearest integer, halves to even, elementwise (fp16, fp32, fp64).</summary>
public sealed class Round : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Round";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Round(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Round(x, destination);
}
