using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Sub (opsets 1–21; before 7 see <see cref="Broadcasting.Legacy"/>): C = A − B with multidirectional broadcasting, any numeric type.</summary>
public sealed class Sub : Operator
{
    /// <inheritdoc />
    public override string OpType => "Sub";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => Broadcasting.LegacyAttributes;

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [Broadcasting.InferBinary(node, inputs, legacy: true)];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) =>
        [Broadcasting.Apply<SubtractOperator>(node, RequireInput(node, inputs, 0), RequireInput(node, inputs, 1), legacy: true)];
}
