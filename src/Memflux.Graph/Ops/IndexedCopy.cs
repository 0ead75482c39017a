using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>Element moves by flat index for tensors of any element type (GatherElements, ReverseSequence, Compress, ...).</summary>
internal static class IndexedCopy
{
    /// <summary>destination[i] = source[sourceIndex[i]] over the elements' bits; both tensors have one element type.</summary>
    public static void Gather(Tensor source, ReadOnlySpan<int> sourceIndex, Tensor destination)
    {
        switch (source.Type.Size())
        {
            case 1: Gather<byte>(source.Bits<byte>(), sourceIndex, destination.Bits<byte>()); break;
            case 2: Gather<ushort>(source.Bits<ushort>(), sourceIndex, destination.Bits<ushort>()); break;
            case 4: Gather<uint>(source.Bits<uint>(), sourceIndex, destination.Bits<uint>()); break;
            default: Gather<ulong>(source.Bits<ulong>(), sourceIndex, destination.Bits<ulong>()); break;
        }
    }

    /// <summary>destination[i] = source[sourceIndex[i]].</summary>
    public static void Gather<T>(ReadOnlySpan<T> source, ReadOnlySpan<int> sourceIndex, Span<T> destination)
    {
        for (int i = 0; i < sourceIndex.Length; i++)
        {
            destination[i] = source[sourceIndex[i]];
        }
    }

    /// <summary>
    /// A normalized index into a dimension of size <paramref name="dim"/> (negative counts from the end), or an error
    /// naming the node, the input and the position of the bad index.
    /// </summary>
    public static int Normalize(Node node, long index, int dim, int input, long position)
    {
        if (index < -dim || index >= dim)
        {
            throw node.Error($"index {index} (at position {position} of input {input}) is out of range for a dimension of size {dim} (expected {-dim} to {dim - 1}).");
        }

        return (int)(index < 0 ? index + dim : index);
    }

    /// <summary>
    /// For every position p of an index tensor of shape <paramref name="indexShape"/>, the flat offset in
    /// <paramref name="dataShape"/> of p with its <paramref name="axis"/> coordinate replaced by index[p].
    /// </summary>
    internal static int[] ElementOffsets(Node node, TensorShape dataShape, TensorShape indexShape, ReadOnlySpan<long> index, int axis)
    {
        int rank = dataShape.Rank;
        int[] strides = dataShape.Strides();
        var offsets = new int[index.Length];
        Span<int> counters = stackalloc int[rank];
        counters.Clear();
        int dim = dataShape[axis];
        for (int p = 0; p < offsets.Length; p++)
        {
            int offset = IndexedCopy.Normalize(node, index[p], dim, 1, p) * strides[axis];
            for (int d = 0; d < rank; d++)
            {
                offset += d == axis ? 0 : counters[d] * strides[d];
            }

            offsets[p] = offset;
            for (int d = rank - 1; d >= 0 && ++counters[d] == indexShape[d]; d--)
            {
                counters[d] = 0;
            }
        }

        return offsets;
    }
}
