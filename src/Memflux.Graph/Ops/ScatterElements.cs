using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX ScatterElements (opsets 11, 13, 16, 18): a copy of <c>data</c> where, for every position p of
/// <c>indices</c>, the element at p with its <c>axis</c> coordinate replaced by indices[p] (negative counts from
/// the end) takes updates[p], combined by <c>reduction</c> (none; add, mul from opset 16; max, min from 18). Any
/// element type without reduction; indices int32 or int64; updates has the shape of indices.
/// </summary>
public sealed class ScatterElements : Operator
{
    /// <inheritdoc />
    public override string OpType => "ScatterElements";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis", "reduction"];

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [Infer(node, inputs, ScatterReductions.Read(node))];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [Run(node, inputs, ScatterReductions.Read(node))];

    /// <summary>Checks the inputs of a ScatterElements or Scatter node; the output has the data's type and shape.</summary>
    internal static TensorInfo Infer(Node node, IReadOnlyList<TensorInfo?> inputs, ScatterReduction reduction)
    {
        var data = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        var updates = RequireInput(node, inputs, 2);
        OperatorInputs.RequireIndexType(node, indices, 1);
        ScatterReductions.Check(node, reduction, data.Type);
        if (updates.Type != data.Type)
        {
            throw node.Error($"input 2 (updates) is {updates.Type}; it must have the type of input 0 (data), {data.Type}.");
        }

        if (!updates.Shape.Equals(indices.Shape))
        {
            throw node.Error($"input 2 (updates) has shape {updates.Shape}; it must have the shape of input 1 (indices), {indices.Shape}.");
        }

        if (data.Shape.Rank == 0 || indices.Shape.Rank != data.Shape.Rank)
        {
            throw node.Error($"input 1 (indices) {indices.Shape} must have the rank of input 0 (data) {data.Shape}, which must be 1 or more.");
        }

        int axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", 0), data.Shape.Rank, "axis");
        for (int d = 0; d < data.Shape.Rank; d++)
        {
            if (d != axis && indices.Shape[d] > data.Shape[d])
            {
                throw node.Error($"input 1 (indices) {indices.Shape} is larger than input 0 (data) {data.Shape} in dimension {d}.");
            }
        }

        return new TensorInfo(data.Type, data.Shape);
    }

    /// <summary>Executes a ScatterElements or Scatter node.</summary>
    internal static Tensor Run(Node node, IReadOnlyList<Tensor?> inputs, ScatterReduction reduction)
    {
        Infer(node, OperatorInputs.Describe(inputs), reduction);
        var data = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        var updates = RequireInput(node, inputs, 2);
        int axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", 0), data.Shape.Rank, "axis");
        var index = OperatorInputs.Indices(node, indices, 1);
        var offsets = IndexedCopy.ElementOffsets(node, data.Shape, indices.Shape, index, axis);
        var y = data.Clone();
        ScatterReductions.Scatter(y, updates, offsets, 1, reduction);
        return y;
    }
}
