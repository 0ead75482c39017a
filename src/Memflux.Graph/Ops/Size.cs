using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Size: the input's element count as an int64 scalar, known from the static shape (any element type).</summary>
public sealed class Size : Operator
{
    /// <inheritdoc />
    public override string OpType => "Size";

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [TensorInfo.Of(Compute(RequireInput(node, inputs, 0).Shape))];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [Compute(RequireInput(node, inputs, 0).Shape)];

    private static Tensor Compute(TensorShape shape) => Tensor.FromInt64([shape.ElementCount], TensorShape.Scalar);
}
