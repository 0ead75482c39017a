using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX ScatterND (opsets 11, 13, 16, 18): a copy of <c>data</c> where each index tuple (the last dimension of the
/// int64 <c>indices</c>, negative counting from the end) addresses a slice data[i₀..i_{m−1}, ...] that takes the
/// matching slice of <c>updates</c> (shape indices.shape[:−1] + data.shape[m:]), combined by <c>reduction</c>
/// (none; add, mul from opset 16; max, min from 18). Any element type without reduction.
/// </summary>
public sealed class ScatterND : Operator
{
    /// <inheritdoc />
    public override string OpType => "ScatterND";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["reduction"];

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var data = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        var updates = RequireInput(node, inputs, 2);
        OperatorInputs.RequireIndexType(node, indices, 1);
        ScatterReductions.Check(node, ScatterReductions.Read(node), data.Type);
        if (updates.Type != data.Type)
        {
            throw node.Error($"input 2 (updates) is {updates.Type}; it must have the type of input 0 (data), {data.Type}.");
        }

        var expected = GatherND.Plan(node, data.Shape, indices.Shape, out _, out _);
        if (!updates.Shape.Equals(expected))
        {
            throw node.Error($"input 2 (updates) has shape {updates.Shape}; indices {indices.Shape} into data {data.Shape} need {expected}.");
        }

        return [new TensorInfo(data.Type, data.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        InferOutputs(node, OperatorInputs.Describe(inputs));
        var data = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        var updates = RequireInput(node, inputs, 2);
        var offsets = GatherND.SliceOffsets(node, data.Shape, indices.Shape, OperatorInputs.Indices(node, indices, 1), 0);
        int slice = OperatorInputs.Product(data.Shape.Dimensions, indices.Shape[^1], data.Shape.Rank);
        var y = data.Clone();
        ScatterReductions.Scatter(y, updates, offsets, slice, ScatterReductions.Read(node));
        return [y];
    }
}
