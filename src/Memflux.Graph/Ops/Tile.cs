using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Tile (opsets 6, 13): repeats the input <c>repeats[d]</c> times along each dimension d; <c>repeats</c> is a
/// constant int64 vector with one non-negative entry per input dimension. Any element type.
/// </summary>
public sealed class Tile : Operator
{
    /// <inheritdoc />
    public override string OpType => "Tile";

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        long[] repeats = OperatorInputs.RequireConstantInts(node, inputs, 1, "repeats");
        return [new TensorInfo(x.Type, OutputShape(node, x.Shape, repeats))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        long[] repeats = OperatorInputs.ToInt64s(RequireInput(node, inputs, 1));
        var y = Tensor.Zeros(x.Type, OutputShape(node, x.Shape, repeats));

        // y viewed as [r0, d0, r1, d1, ...]: each repeat re-reads the input (stride 0), each input dimension walks it.
        int rank = x.Shape.Rank;
        int[] strides = x.Shape.Strides();
        var dims = new int[2 * rank];
        var sourceStrides = new long[2 * rank];
        for (int d = 0; d < rank; d++)
        {
            dims[2 * d] = (int)repeats[d];
            dims[(2 * d) + 1] = x.Shape[d];
            sourceStrides[(2 * d) + 1] = strides[d];
        }

        StridedCopy.Copy(x, 0, dims, sourceStrides, y);
        return [y];
    }

    private static TensorShape OutputShape(Node node, TensorShape shape, long[] repeats)
    {
        string found = "[" + string.Join(",", repeats) + "]";
        if (repeats.Length != shape.Rank)
        {
            throw node.Error($"repeats {found} has {repeats.Length} entries; the input {shape} has rank {shape.Rank}.");
        }

        var dims = new int[shape.Rank];
        for (int d = 0; d < dims.Length; d++)
        {
            // Range first, then the product: 2^62 repeats of a dimension of 4 wrapped to 0 in 64 bits (issue 18 §4).
            long size = repeats[d] is >= 0 and <= int.MaxValue ? repeats[d] * shape[d] : -1;
            if (size is < 0 or > int.MaxValue)
            {
                throw node.Error($"repeats {found} must be non-negative and keep each dimension of {shape} below 2^31; found {repeats[d]} for dimension {d} of size {shape[d]}.");
            }

            dims[d] = (int)size;
        }

        return new TensorShape(dims);
    }
}
