using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX GatherND (opsets 11, 12 with <c>batch_dims</c>, 13): the last dimension m of <c>indices</c> addresses
/// data[b₀..b_{batch−1}, i₀..i_{m−1}, ...] (negative indices count from the end) and each tuple picks the slice
/// data.shape[batch+m:]. Output shape: indices.shape[:−1] + data.shape[batch+m:]. Any element type.
/// </summary>
public sealed class GatherND : Operator
{
    /// <inheritdoc />
    public override string OpType => "GatherND";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["batch_dims"];

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
        return [new TensorInfo(data.Type, Plan(node, data.Shape, indices.Shape, out _, out _))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var data = RequireInput(node, inputs, 0);
        var indices = RequireInput(node, inputs, 1);
        var shape = Plan(node, data.Shape, indices.Shape, out int batchDims, out int m);
        var offsets = SliceOffsets(node, data.Shape, indices.Shape, OperatorInputs.Indices(node, indices, 1), batchDims);
        int slice = OperatorInputs.Product(data.Shape.Dimensions, batchDims + m, data.Shape.Rank);
        var y = Tensor.Zeros(data.Type, shape);
        switch (data.Type.Size())
        {
            case 1: Copy(data.Bits<byte>(), offsets, slice, y.Bits<byte>()); break;
            case 2: Copy(data.Bits<ushort>(), offsets, slice, y.Bits<ushort>()); break;
            case 4: Copy(data.Bits<uint>(), offsets, slice, y.Bits<uint>()); break;
            default: Copy(data.Bits<ulong>(), offsets, slice, y.Bits<ulong>()); break;
        }

        return [y];
    }

    /// <summary>
    /// The flat data offset of the slice each index tuple addresses (tuples are the last dimension of the index
    /// tensor; the first <paramref name="batchDims"/> dimensions of both walk together). Shared with ScatterND.
    /// </summary>
    internal static int[] SliceOffsets(Node node, TensorShape data, TensorShape indexShape, ReadOnlySpan<long> index, int batchDims)
    {
        int m = indexShape[^1];
        int tuples = index.Length / m;
        int perBatch = tuples / Math.Max(1, OperatorInputs.Product(indexShape.Dimensions, 0, batchDims));
        int batchSize = OperatorInputs.Product(data.Dimensions, batchDims, data.Rank);
        int[] strides = data.Strides();
        var offsets = new int[tuples];
        for (int t = 0; t < tuples; t++)
        {
            int offset = perBatch == 0 ? 0 : t / perBatch * batchSize;
            for (int j = 0; j < m; j++)
            {
                offset += IndexedCopy.Normalize(node, index[(t * m) + j], data[batchDims + j], 1, (t * m) + j) * strides[batchDims + j];
            }

            offsets[t] = offset;
        }

        return offsets;
    }

    /// <summary>Validates batch_dims and the shapes; returns the output shape, batch_dims and m.</summary>
    internal static TensorShape Plan(Node node, TensorShape data, TensorShape indices, out int batchDims, out int m)
    {
        long b = node.Attributes.GetInt("batch_dims", 0);
        if (b != 0 && node.Opset < 12)
        {
            throw node.Error("attribute 'batch_dims' exists from opset 12.");
        }

        if (data.Rank == 0 || indices.Rank == 0)
        {
            throw node.Error($"inputs data {data} and indices {indices} must have rank 1 or more.");
        }

        if (b < 0 || b >= Math.Min(data.Rank, indices.Rank))
        {
            throw node.Error($"batch_dims {b} must be at least 0 and below the ranks of data {data} and indices {indices}.");
        }

        batchDims = (int)b;
        m = indices[^1];
        if (m < 1 || m > data.Rank - batchDims)
        {
            throw node.Error($"the last dimension of indices {indices} is {m}; it must be 1 to {data.Rank - batchDims} (the rank of data {data} less batch_dims {batchDims}).");
        }

        for (int d = 0; d < batchDims; d++)
        {
            if (data[d] != indices[d])
            {
                throw node.Error($"the first {batchDims} (batch_dims) dimensions of data {data} and indices {indices} must be equal.");
            }
        }

        int[] dims = [.. indices.Dimensions[..^1], .. data.Dimensions[(batchDims + m)..]];
        return new TensorShape(dims);
    }

    private static void Copy<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> offsets, int slice, Span<T> y)
    {
        for (int t = 0; t < offsets.Length; t++)
        {
            data.Slice(offsets[t], slice).CopyTo(y.Slice(t * slice, slice));
        }
    }
}
