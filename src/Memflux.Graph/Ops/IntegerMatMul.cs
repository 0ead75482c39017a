using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// The batched integer product shared by MatMulInteger and QLinearMatMul: A [..., M, K] × B [..., K, N] with numpy
/// broadcasting over the leading dimensions, zero points per tensor, per row of A ([M]) or per column of B ([N]).
/// </summary>
internal static class IntegerMatMul
{
    /// <summary>The output shape, or an error naming the node.</summary>
    public static TensorShape OutputShape(Node node, TensorShape a, TensorShape b)
    {
        if (a.Rank < 2 || b.Rank < 2 || a[^1] != b[^2])
        {
            throw node.Error($"inputs {a} and {b} must be [..., M, K] and [..., K, N] with the same K (rank 2 or more).");
        }

        var batch = Broadcasting.BroadcastShape(node, new TensorShape(a.Dimensions[..^2]), new TensorShape(b.Dimensions[..^2]));
        return new TensorShape([.. batch.Dimensions, a[^2], b[^1]]);
    }

    /// <summary>Checks a zero point: a scalar, or 1-D of <paramref name="length"/> (rows of A or columns of B).</summary>
    public static void CheckZeroPoint(Node node, TensorInfo? zero, DataType type, int length, int index, string name)
    {
        if (zero is null)
        {
            return;
        }

        if (zero.Type != type || !(zero.Shape.ElementCount == 1 || (zero.Shape.Rank == 1 && zero.Shape[0] == length)))
        {
            throw node.Error($"input {index} ({name}) must be a {type} scalar or {type}[{length}], found {zero.Type}{zero.Shape}.");
        }
    }

    /// <summary>Σₖ (a − za)(b − zb) for every batch, as int64.</summary>
    public static long[] Run(Node node, Tensor a, long[] aZero, Tensor b, long[] bZero, out TensorShape shape)
    {
        shape = OutputShape(node, a.Shape, b.Shape);
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        var batch = new TensorShape(shape.Dimensions[..^2]);
        long[] av = OperatorInputs.ToInt64s(a), bv = OperatorInputs.ToInt64s(b);
        var y = new long[shape.ElementCount];
        for (int i = 0; i < batch.ElementCount; i++)
        {
            int ai = BatchOffset(i, batch, a.Shape) * m * k, bi = BatchOffset(i, batch, b.Shape) * k * n;
            QuantizationKernel.IntegerProduct(av.AsSpan(ai, m * k), aZero, bv.AsSpan(bi, k * n), bZero, m, k, n, y.AsSpan(i * m * n, m * n));
        }

        return y;
    }

    /// <summary>The index of the matrix of <paramref name="operand"/> that batch element <paramref name="i"/> of <paramref name="batch"/> reads.</summary>
    private static int BatchOffset(int i, TensorShape batch, TensorShape operand)
    {
        int rank = operand.Rank - 2, offset = 0, stride = 1;
        for (int d = batch.Rank - 1; d >= 0; d--)
        {
            int coordinate = i % batch[d];
            i /= batch[d];
            int od = d - (batch.Rank - rank);
            if (od >= 0)
            {
                offset += (operand[od] == 1 ? 0 : coordinate) * stride;
                stride *= operand[od];
            }
        }

        return offset;
    }
}
