using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Memflux.Numerics;

namespace Memflux.Data;

/// <summary>
/// Writes NumPy <c>.npy</c> arrays and <c>.npz</c> archives that <c>np.load</c> reads: C order, the header padded so the
/// data starts at a multiple of 64 bytes, as NumPy writes them.
/// </summary>
public static class NpyWriter
{
    /// <summary>Writes <paramref name="tensor"/> to the .npy file <paramref name="path"/>.</summary>
    public static void Write(string path, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFile.Write(path, "the .npy array", stream => Write(stream, tensor));
    }

    /// <summary>
    /// Writes <paramref name="tensor"/> as a .npy array to <paramref name="destination"/>.
    /// </summary>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="tensor">The array.</param>
    /// <param name="version">The format's major version: 1 (NumPy's default), 2 (4-byte header length) or 3 (UTF-8 header).</param>
    /// <param name="bigEndian">Store multi-byte elements most significant byte first ('&gt;' dtypes).</param>
    public static void Write(Stream destination, Tensor tensor, int version = 1, bool bigEndian = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(tensor);
        destination.Write(Header(tensor.Type, tensor.Shape, version, bigEndian));
        if (!bigEndian || tensor.Type.Size() == 1)
        {
            destination.Write(tensor.Bytes);
            return;
        }

        var swapped = tensor.Clone();
        switch (tensor.Type.Size())
        {
            case 2: BinaryPrimitives.ReverseEndianness(swapped.Bits<ushort>(), swapped.Bits<ushort>()); break;
            case 4: BinaryPrimitives.ReverseEndianness(swapped.Bits<uint>(), swapped.Bits<uint>()); break;
            default: BinaryPrimitives.ReverseEndianness(swapped.Bits<ulong>(), swapped.Bits<ulong>()); break;
        }

        destination.Write(swapped.Bytes);
    }

    /// <summary>The .npy header (magic, version, length, dict padded with spaces and a newline to 64 bytes).</summary>
    public static byte[] Header(DataType type, TensorShape shape, int version = 1, bool bigEndian = false)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (version is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "The .npy format versions are 1, 2 and 3.");
        }

        string dims = shape.Rank == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        string dict = $"{{'descr': '{NpyDTypes.Descr(type, bigEndian)}', 'fortran_order': False, 'shape': ({dims}), }}";
        int prefix = NpyHeader.PrefixBytes(version);
        int padded = (prefix + dict.Length + 1 + 63) / 64 * 64;
        string text = dict.PadRight(padded - prefix - 1) + "\n";
        var bytes = new byte[padded];
        NpyHeader.Magic.CopyTo(bytes);
        bytes[6] = (byte)version;
        bytes[7] = 0;
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)text.Length));
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)text.Length);
        }

        Encoding.ASCII.GetBytes(text, bytes.AsSpan(prefix));
        return bytes;
    }

    /// <summary>
    /// Writes <paramref name="arrays"/> to the .npz archive <paramref name="path"/>, each as NAME.npy, deflated when
    /// <paramref name="compressed"/> (np.savez_compressed) or stored (np.savez).
    /// </summary>
    public static void WriteArchive(string path, IEnumerable<KeyValuePair<string, Tensor>> arrays, bool compressed = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafeFile.Write(path, "the .npz archive", stream => WriteArchive(stream, arrays, compressed));
    }

    /// <summary>As <see cref="WriteArchive(string, IEnumerable{KeyValuePair{string, Tensor}}, bool)"/>, to a stream.</summary>
    public static void WriteArchive(Stream destination, IEnumerable<KeyValuePair<string, Tensor>> arrays, bool compressed = false)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, tensor) in arrays)
        {
            var entry = zip.CreateEntry(name + ".npy", compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using var data = entry.Open();
            Write(data, tensor);
        }
    }
}
