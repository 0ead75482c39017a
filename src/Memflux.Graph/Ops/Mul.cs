using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Mul (opset 7+): C = A · B with multidirectional broadcasting, any numeric type.</summary>
public sealed class Mul : Operator
{
    /// <inheritdoc />
    public override string OpType => "Mul";

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [Broadcasting.InferBinary(node, inputs)];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) =>
        [Broadcasting.Apply<MultiplyOperator>(node, RequireInput(node, inputs, 0), RequireInput(node, inputs, 1))];
}
