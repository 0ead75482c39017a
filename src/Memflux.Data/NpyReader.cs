using System.Buffers.Binary;
using Memflux.Numerics;

namespace Memflux.Data;

/// <summary>
/// Reads NumPy <c>.npy</c> arrays (format versions 1.0, 2.0, 3.0) into a <see cref="Tensor"/> of the same element type:
/// fp16/32/64, int8..int64, uint8..uint64 and bool, little- or big-endian, C or Fortran order (Fortran-order data is
/// transposed into Memflux's row-major layout, so the tensor has the file's shape and element order).
/// </summary>
/// <remarks>
/// Reads are bounded: the header is at most <see cref="NpyHeader.MaxHeaderBytes"/> bytes, and the length the header's
/// shape × item size declares must equal the bytes that follow it before anything of that size is allocated. Every
/// malformed file is a <see cref="MemfluxException"/> naming the file and what was expected and found.
/// </remarks>
public static class NpyReader
{
    /// <summary>Reads the .npy file at <paramref name="path"/>.</summary>
    public static Tensor Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MemfluxException($"{path}: file not found; expected a NumPy .npy file.");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            return Read(stream, stream.Length, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot read the file ({e.Message}).", e);
        }
    }

    /// <summary>Parses a whole .npy file held in memory; <paramref name="source"/> names it in errors.</summary>
    public static Tensor Parse(ReadOnlySpan<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var header = NpyHeader.TryParse(bytes, source, out int headerLength)
            ?? throw Truncated(source, bytes.Length, headerLength);
        var tensor = Allocate(header, bytes.Length - header.DataOffset, source);
        bytes[header.DataOffset..].CopyTo(tensor.Bytes);
        return Finish(header, tensor);
    }

    /// <summary>
    /// Reads one .npy array from <paramref name="stream"/>, which holds exactly <paramref name="length"/> bytes from its
    /// current position (a file, or an entry of an .npz archive whose declared size this is). Reading more or fewer
    /// bytes than declared is an error.
    /// </summary>
    public static Tensor Read(Stream stream, long length, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        var prefix = new byte[Math.Min(length, NpyHeader.PrefixBytes(2))];
        int got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (got < prefix.Length)
        {
            throw Truncated(source, got, 0);
        }

        // A short file, a wrong magic or version, or an oversized header fails here; otherwise the prefix says how
        // long the header is, and the rest of it is read.
        var header = NpyHeader.TryParse(prefix, source, out int headerLength);
        int total = NpyHeader.PrefixBytes(prefix[6]) + headerLength;
        if (header is null)
        {
            if (total > length)
            {
                throw Truncated(source, length, headerLength);
            }

            var start = new byte[total];
            prefix.CopyTo(start, 0);
            int rest = stream.ReadAtLeast(start.AsSpan(prefix.Length), total - prefix.Length, throwOnEndOfStream: false);
            if (rest < total - prefix.Length)
            {
                throw Truncated(source, prefix.Length + rest, headerLength);
            }

            header = NpyHeader.TryParse(start, source, out _)!;
        }
        else if (total != prefix.Length)
        {
            throw new MemfluxException($"{source}: the .npy header is {headerLength} bytes, too short to hold 'descr', 'fortran_order' and 'shape'.");
        }

        var tensor = Allocate(header, length - header.DataOffset, source);
        var data = tensor.Bytes;
        int read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw new MemfluxException($"{source}: the array's data ends after {read} of the {data.Length} bytes its header declares ('{NpyDTypes.Descr(header.Type, header.BigEndian)}' {NpyHeader.FormatShape(header.Shape)}).");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new MemfluxException($"{source}: the stream holds more bytes than the {length} declared; expected the array's {data.Length} data bytes to end it.");
        }

        return Finish(header, tensor);
    }

    /// <summary>Reads an integer (or bool) .npy array of rank 1 as class labels, e.g. for <c>--labels</c>.</summary>
    public static long[] ReadLabels(string path)
    {
        var tensor = Read(path);
        if (tensor.Type.IsFloatingPoint() || tensor.Shape.Rank != 1)
        {
            throw new MemfluxException($"{path}: labels must be a rank-1 integer array (one class index per sample); found '{NpyDTypes.Descr(tensor.Type)}' with shape {NpyHeader.FormatShape(tensor.Shape.Select(d => (long)d).ToArray())}.");
        }

        var labels = new long[tensor.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = tensor.GetAsInt64(i);
        }

        return labels;
    }

    /// <summary>
    /// Checks the declared data length against <paramref name="available"/> bytes before allocating, then allocates
    /// the tensor its header describes.
    /// </summary>
    private static Tensor Allocate(NpyHeader header, long available, string source)
    {
        long expected = header.DataBytes(source);
        if (available != expected)
        {
            throw new MemfluxException(
                $"{source}: the header declares '{NpyDTypes.Descr(header.Type, header.BigEndian)}' with shape {NpyHeader.FormatShape(header.Shape)}, {expected} data bytes, " +
                $"but {Math.Max(available, 0)} bytes follow the header{(available < expected ? " (the file is truncated or the shape is wrong)" : " (extra bytes at the end)")}.");
        }

        var dims = header.Shape.Select(d => (int)d).ToArray();
        var shape = header.FortranOrder ? new TensorShape(dims.Reverse().ToArray()) : new TensorShape(dims);
        return Tensor.Zeros(header.Type, shape);
    }

    /// <summary>Byte-swaps big-endian data, makes bools 0/1 and turns Fortran order into row-major order.</summary>
    private static Tensor Finish(NpyHeader header, Tensor tensor)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
        }

        if (header.BigEndian)
        {
            switch (header.Type.Size())
            {
                case 2: BinaryPrimitives.ReverseEndianness(tensor.Bits<ushort>(), tensor.Bits<ushort>()); break;
                case 4: BinaryPrimitives.ReverseEndianness(tensor.Bits<uint>(), tensor.Bits<uint>()); break;
                case 8: BinaryPrimitives.ReverseEndianness(tensor.Bits<ulong>(), tensor.Bits<ulong>()); break;
            }
        }

        if (header.Type == DataType.Bool)
        {
            foreach (ref byte b in tensor.Bytes)
            {
                b = b != 0 ? (byte)1 : (byte)0; // NumPy reads any non-zero byte as True
            }
        }

        return header.FortranOrder ? ReverseAxes(tensor) : tensor;
    }

    /// <summary>
    /// Fortran-order data of shape (d0, ..., dn) is row-major data of shape (dn, ..., d0); reversing the axes gives the
    /// array NumPy means.
    /// </summary>
    private static Tensor ReverseAxes(Tensor source)
    {
        int rank = source.Shape.Rank;
        if (rank < 2)
        {
            return source;
        }

        var dims = source.Shape.Dimensions.ToArray();
        Array.Reverse(dims);
        var result = Tensor.Zeros(source.Type, new TensorShape(dims));
        int size = source.Type.Size();
        var from = source.Bytes;
        var to = result.Bytes;
        var sourceStrides = source.Shape.Strides();
        var index = new int[rank]; // index in the result, row-major
        for (int i = 0; i < result.Length; i++)
        {
            // Result index (i0..in) is source index (in..i0).
            long offset = 0;
            for (int a = 0; a < rank; a++)
            {
                offset += (long)index[a] * sourceStrides[rank - 1 - a];
            }

            from.Slice((int)(offset * size), size).CopyTo(to.Slice(i * size, size));
            for (int a = rank - 1; a >= 0; a--)
            {
                if (++index[a] < dims[a])
                {
                    break;
                }

                index[a] = 0;
            }
        }

        return result;
    }

    private static MemfluxException Truncated(string source, long length, int headerLength) =>
        new(headerLength > 0
            ? $"{source}: the file ends after {length} bytes, inside the .npy header (declared {headerLength} bytes)."
            : $"{source}: the file ends after {length} bytes, inside the .npy header prefix (magic, version, header length).");
}
