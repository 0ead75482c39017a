using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Shape: the input's dimensions as a 1-D int64 tensor, optionally the slice [start, end) (opset 15,
/// negative values count from the end and both are clamped to [0, rank]). The output is always a known constant,
/// so Shape → Gather → Concat → Reshape chains resolve during shape inference.
/// </summary>
public sealed class Shape : Operator
{
    /// <inheritdoc />
    public override string OpType => "Shape";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["start", "end"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [TensorInfo.Of(Compute(node, RequireInput(node, inputs, 0).Shape))];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [Compute(node, RequireInput(node, inputs, 0).Shape)];

    private static Tensor Compute(Node node, TensorShape shape)
    {
        if (node.Opset < 15 && node.Attributes.Count > 0)
        {
            throw node.Error("attributes 'start' and 'end' exist from opset 15.");
        }

        int rank = shape.Rank;
        long start = Clamp(node.Attributes.GetInt("start", 0), rank);
        long end = Clamp(node.Attributes.GetInt("end", rank), rank);
        var dims = new long[Math.Max(0, end - start)];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = shape[(int)start + i];
        }

        return Tensor.Vector(dims);
    }

    private static long Clamp(long index, int rank) => Math.Clamp(index < 0 ? index + rank : index, 0, rank);
}
