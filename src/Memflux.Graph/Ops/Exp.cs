using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Exp (opset 6+): e^x, elementwise (fp16, fp32, fp64).</summary>
public sealed class Exp : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Exp";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Exp(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Exp(x, destination);
}
