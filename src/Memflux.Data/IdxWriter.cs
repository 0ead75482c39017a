using System.Buffers.Binary;
using System.IO.Compression;

namespace Memflux.Data;

/// <summary>Writes IDX files of unsigned bytes, the inverse of <see cref="IdxReader"/> (for tests and dataset subsets).</summary>
public static class IdxWriter
{
    /// <summary>Serializes <paramref name="data"/> with <paramref name="dimensions"/> as IDX, gzipped when <paramref name="gzip"/>.</summary>
    public static byte[] Serialize(ReadOnlySpan<int> dimensions, ReadOnlySpan<byte> data, bool gzip)
    {
        if (dimensions.Length is < 1 or > IdxReader.MaxRank)
        {
            throw new ArgumentException($"IDX rank must be 1 to {IdxReader.MaxRank}, found {dimensions.Length}.", nameof(dimensions));
        }

        long total = 1;
        foreach (int d in dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(d, nameof(dimensions));
            total *= d;
        }

        if (total != data.Length)
        {
            throw new ArgumentException($"IDX data holds {data.Length} bytes; dimensions [{string.Join(",", dimensions.ToArray())}] need {total}.", nameof(data));
        }

        var plain = new byte[4 + (4 * dimensions.Length) + data.Length];
        plain[2] = IdxReader.UnsignedByteType;
        plain[3] = (byte)dimensions.Length;
        for (int i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(4 + (4 * i)), dimensions[i]);
        }

        data.CopyTo(plain.AsSpan(4 + (4 * dimensions.Length)));
        return gzip ? Compress(plain) : plain;
    }

    private static byte[] Compress(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(plain);
        }

        return output.ToArray();
    }
}
