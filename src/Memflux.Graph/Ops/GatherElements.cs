using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX GatherElements (opsets 11, 13): output[p] = data[p with its <c>axis</c> coordinate replaced by indices[p]]
/// (negative indices count from the end). indices (int32 or int64) has the data's rank and gives the output shape;
/// any element type; indices may be computed at run time.
/// </summary>
public sealed class GatherElements : Operator
{
    /// <inheritdoc />
    public override string OpType => "GatherElements";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var data = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        OperatorInputs.RequireIndexType(node, indices, 1);
        Axis(node, data.Shape, indices.Shape);
        return [new TensorInfo(data.Type, indices.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var data = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        int axis = Axis(node, data.Shape, indices.Shape);
        var offsets = IndexedCopy.ElementOffsets(node, data.Shape, indices.Shape, OperatorInputs.Indices(node, indices, 1), axis);
        var y = Tensor.Zeros(data.Type, indices.Shape);
        IndexedCopy.Gather(data, offsets, y);
        return [y];
    }

    private static int Axis(Node node, TensorShape data, TensorShape indices)
    {
        if (data.Rank == 0 || indices.Rank != data.Rank)
        {
            throw node.Error($"input 1 (indices) {indices} must have the rank of input 0 (data) {data}, which must be 1 or more.");
        }

        int axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", 0), data.Rank, "axis");
        for (int d = 0; d < data.Rank; d++)
        {
            if (d != axis && indices[d] > data[d])
            {
                throw node.Error($"input 1 (indices) {indices} is larger than input 0 (data) {data} in dimension {d}.");
            }
        }

        return axis;
    }
}
