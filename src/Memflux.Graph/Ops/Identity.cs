using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Identity: the output is the input (shared, not copied; operators never modify inputs).</summary>
public sealed class Identity : Operator
{
    /// <inheritdoc />
    public override string OpType => "Identity";

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) => [RequireInput(node, inputs, 0)];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [RequireInput(node, inputs, 0)];
}
