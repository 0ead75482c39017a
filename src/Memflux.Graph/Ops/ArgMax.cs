using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX ArgMax (opsets 1, 11, 12, 13): the int64 index of the largest element along <c>axis</c> (default 0, negative
/// counts from the end); <c>keepdims</c> (default 1) keeps the axis as size 1; <c>select_last_index</c> (opset 12)
/// picks the last of equal elements instead of the first. Numeric element types.
/// </summary>
public sealed class ArgMax : Operator
{
    /// <inheritdoc />
    public override string OpType => "ArgMax";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis", "keepdims", "select_last_index"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [new TensorInfo(DataType.Int64, ArgReduce.OutputShape(node, RequireInput(node, inputs, 0), out _))];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [ArgReduce.Execute(node, RequireInput(node, inputs, 0), largest: true)];
}
