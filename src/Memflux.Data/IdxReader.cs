using System.Buffers.Binary;
using System.IO.Compression;
using Memflux.Numerics;

namespace Memflux.Data;

/// <summary>
/// Reads IDX files, gzipped or plain (the format of MNIST and Fashion-MNIST, LeCun et al. 1998): a 4-byte magic
/// (two zero bytes, a data-type byte, a rank byte), the rank's dimensions as big-endian uint32, then the data.
/// Only unsigned bytes (data type 0x08) are supported, which is what these datasets use.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic of a label file: unsigned bytes, rank 1.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Magic of an image file: unsigned bytes, rank 3 (count, rows, columns).</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>The IDX data-type byte for unsigned 8-bit integers.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>Highest rank accepted; IDX allows up to 255 but no dataset here goes past 3.</summary>
    public const int MaxRank = 4;

    private const int HeaderPrefixBytes = 4;

    /// <summary>Reads a label file (magic 0x00000801).</summary>
    public static IdxArray ReadLabels(string path) => Read(path, expectedRank: 1);

    /// <summary>Reads an image file (magic 0x00000803).</summary>
    public static IdxArray ReadImages(string path) => Read(path, expectedRank: 3);

    /// <summary>
    /// Reads an IDX file of any rank from 1 to <see cref="MaxRank"/>, or exactly <paramref name="expectedRank"/>
    /// when given. A file starting with the gzip signature (1f 8b) is decompressed first.
    /// </summary>
    public static IdxArray Read(string path, int? expectedRank = null)
    {
        if (!File.Exists(path))
        {
            throw new MemfluxException($"{path}: file not found; expected an IDX file{(expectedRank is int r ? $" of rank {r}" : "")}.");
        }

        return Parse(BoundedFile.ReadAllBytes(path, "IDX file", Array.MaxLength), path, expectedRank);
    }

    /// <summary>Parses IDX content (gzipped or plain); <paramref name="source"/> names it in errors.</summary>
    public static IdxArray Parse(byte[] bytes, string source, int? expectedRank = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(source);
        if (expectedRank is < 1 or > MaxRank)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedRank), expectedRank, $"IDX rank must be 1 to {MaxRank}.");
        }

        byte[] plain = IsGzip(bytes) ? Decompress(bytes, source) : bytes;
        return ParseCore(plain, source, expectedRank);
    }

    private static bool IsGzip(byte[] bytes) => bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;

    private static byte[] Decompress(byte[] bytes, string source)
    {
        try
        {
            using var input = new MemoryStream(bytes, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            // The header says how many bytes follow it; decompress no more than that (and one byte to see trailing data),
            // so a gzip bomb cannot grow past what the file declares.
            var header = new byte[HeaderPrefixBytes + (4 * MaxRank)];
            int read = gzip.ReadAtLeast(header.AsSpan(0, HeaderPrefixBytes), HeaderPrefixBytes, throwOnEndOfStream: false);
            int rank = read == HeaderPrefixBytes ? header[3] : 0;
            if (rank is < 1 or > MaxRank)
            {
                return header[..read]; // ParseCore names what is wrong with the header
            }

            int headerBytes = HeaderPrefixBytes + (4 * rank);
            read += gzip.ReadAtLeast(header.AsSpan(read, headerBytes - read), headerBytes - read, throwOnEndOfStream: false);
            long total = 1;
            for (int i = 0; i < rank && read == headerBytes; i++)
            {
                total = Math.Min(total * BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(HeaderPrefixBytes + (4 * i))), Array.MaxLength);
            }

            // Grow the buffer as data arrives rather than allocating what the header declares: a few bytes whose header
            // claims 2^31 elements must not allocate 2 GB before the stream is found short (found by FuzzTests).
            long limit = Math.Min((long)headerBytes + total + 1, Array.MaxLength);
            using var output = new MemoryStream();
            output.Write(header, 0, read);
            var chunk = new byte[81920];
            for (long remaining = limit - read; remaining > 0;)
            {
                int n = gzip.Read(chunk, 0, (int)Math.Min(chunk.Length, remaining));
                if (n == 0)
                {
                    break;
                }

                output.Write(chunk, 0, n);
                remaining -= n;
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new MemfluxException($"{source}: the gzip stream is corrupt or truncated ({e.Message}).", e);
        }
    }

    private static IdxArray ParseCore(byte[] data, string source, int? expectedRank)
    {
        if (data.Length < HeaderPrefixBytes)
        {
            throw new MemfluxException($"{source}: truncated IDX header; expected at least {HeaderPrefixBytes} bytes, found {data.Length}.");
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(data);
        string expectedMagic = expectedRank switch
        {
            1 => $"0x{LabelsMagic:x8} (labels)",
            3 => $"0x{ImagesMagic:x8} (images)",
            int r => $"0x000008{r:x2}",
            null => $"0x000008 followed by a rank byte 01 to {MaxRank:x2}",
        };
        if (data[0] != 0 || data[1] != 0)
        {
            throw new MemfluxException($"{source}: not an IDX file; magic is 0x{magic:x8}, expected {expectedMagic}.");
        }

        if (data[2] != UnsignedByteType)
        {
            throw new MemfluxException($"{source}: IDX data type 0x{data[2]:x2} (magic 0x{magic:x8}) is not supported; expected 0x08 (unsigned byte), magic {expectedMagic}.");
        }

        int rank = data[3];
        if (rank < 1 || rank > MaxRank || (expectedRank is int want && rank != want))
        {
            throw new MemfluxException($"{source}: IDX rank {rank} (magic 0x{magic:x8}) is not what was expected; expected magic {expectedMagic}.");
        }

        int headerBytes = HeaderPrefixBytes + (4 * rank);
        if (data.Length < headerBytes)
        {
            throw new MemfluxException($"{source}: truncated IDX header; a rank-{rank} header needs {headerBytes} bytes, found {data.Length}.");
        }

        var dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(HeaderPrefixBytes + (4 * i)));
            if (d == 0 || d > int.MaxValue)
            {
                throw new MemfluxException($"{source}: IDX dimension {i} is {d}; expected a positive size below 2^31.");
            }

            dims[i] = (int)d;
            total *= d;
            if (total > Array.MaxLength)
            {
                throw new MemfluxException($"{source}: IDX dimensions [{string.Join(",", dims.Take(i + 1))}] hold more than {Array.MaxLength} elements.");
            }
        }

        long payload = data.Length - headerBytes;
        if (payload != total)
        {
            string what = payload < total ? "truncated" : "has trailing bytes";
            throw new MemfluxException(
                $"{source}: IDX data {what}; dimensions [{string.Join(",", dims)}] need {total} bytes after the {headerBytes}-byte header, found {payload}.");
        }

        return new IdxArray(source, dims, data.AsSpan(headerBytes).ToArray());
    }
}
