using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>Copies a strided view of a row-major tensor into a dense one (Transpose, Slice).</summary>
internal static class StridedCopy
{
    /// <summary><see cref="Copy{T}"/> over the elements' bits, for tensors of any (equal) element type.</summary>
    public static void Copy(Tensor source, long offset, ReadOnlySpan<int> dims, ReadOnlySpan<long> sourceStrides, Tensor destination)
    {
        switch (source.Type.Size())
        {
            case 1: Copy<byte>(source.Bits<byte>(), offset, dims, sourceStrides, destination.Bits<byte>()); break;
            case 2: Copy<ushort>(source.Bits<ushort>(), offset, dims, sourceStrides, destination.Bits<ushort>()); break;
            case 4: Copy<uint>(source.Bits<uint>(), offset, dims, sourceStrides, destination.Bits<uint>()); break;
            default: Copy<ulong>(source.Bits<ulong>(), offset, dims, sourceStrides, destination.Bits<ulong>()); break;
        }
    }

    /// <summary>
    /// destination[i₀,…,iₙ] = source[offset + Σ iₖ·sourceStrides[k]] for every index of <paramref name="dims"/>
    /// (strides may be negative); the innermost dimension is copied as one span when its stride is 1.
    /// </summary>
    public static void Copy<T>(ReadOnlySpan<T> source, long offset, ReadOnlySpan<int> dims, ReadOnlySpan<long> sourceStrides, Span<T> destination)
    {
        if (destination.IsEmpty)
        {
            return;
        }

        int rank = dims.Length;
        if (rank == 0)
        {
            destination[0] = source[(int)offset];
            return;
        }

        int inner = dims[rank - 1];
        long innerStride = sourceStrides[rank - 1];
        Span<int> counters = stackalloc int[rank];
        counters.Clear();
        long src = offset;
        for (int dst = 0; dst < destination.Length; dst += inner)
        {
            if (innerStride == 1)
            {
                source.Slice((int)src, inner).CopyTo(destination.Slice(dst, inner));
            }
            else
            {
                long s = src;
                for (int i = 0; i < inner; i++, s += innerStride)
                {
                    destination[dst + i] = source[(int)s];
                }
            }

            for (int d = rank - 2; d >= 0; d--)
            {
                src += sourceStrides[d];
                if (++counters[d] < dims[d])
                {
                    break;
                }

                src -= sourceStrides[d] * dims[d];
                counters[d] = 0;
            }
        }
    }
}
