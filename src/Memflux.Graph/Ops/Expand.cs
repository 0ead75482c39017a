using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Expand (opsets 8, 13): broadcasts the input against the constant int64 <c>shape</c> (bidirectionally, as
/// numpy does, so a 1 in <c>shape</c> keeps the input's dimension); any element type.
/// </summary>
public sealed class Expand : Operator
{
    /// <inheritdoc />
    public override string OpType => "Expand";

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(x.Type, OutputShape(node, x.Shape, OperatorInputs.RequireConstantInts(node, inputs, 1, "shape")))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var shape = OutputShape(node, x.Shape, OperatorInputs.ToInt64s(RequireInput(node, inputs, 1)));
        return [Broadcasting.BroadcastTo(x, shape)];
    }

    private static TensorShape OutputShape(Node node, TensorShape x, long[] shape)
    {
        if (shape.Any(d => d < 0 || d > int.MaxValue))
        {
            throw node.Error($"shape [{string.Join(",", shape)}] has a negative or too large dimension.");
        }

        return Broadcasting.BroadcastShape(node, x, new TensorShape([.. shape.Select(d => (int)d)]));
    }
}
