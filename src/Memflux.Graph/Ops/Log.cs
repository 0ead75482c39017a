using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Log (opset 6+): the natural logarithm, elementwise (fp16, fp32, fp64); log 0 = −∞, log of a negative is NaN.</summary>
public sealed class Log : ElementwiseFloatOperator
{
    /// <inheritdoc />
    public override string OpType => "Log";

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Log(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) => TensorPrimitives.Log(x, destination);
}
