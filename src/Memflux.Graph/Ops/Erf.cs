using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Erf (opset 9+): the Gauss error function, elementwise (fp32, and fp16 through fp32).</summary>
/// <remarks>fp64 is not supported: ONNX Runtime has no fp64 Erf to check one against, and <see cref="ErrorFunction"/> is an fp32 kernel.</remarks>
public sealed class Erf : ElementwiseFloatOperator
{
    private static readonly DataType[] Types = [DataType.Float32, DataType.Float16];

    /// <inheritdoc />
    public override string OpType => "Erf";

    /// <inheritdoc />
    protected override IReadOnlyList<DataType> InputTypes(Node node) => Types;

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => ErrorFunction.Erf(x, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination) =>
        throw new InvalidOperationException($"{node.Describe()}: fp64 is refused at import.");
}
