using System.Buffers.Binary;
using System.IO.Compression;
using Memflux.Numerics;

namespace Memflux.Data.Tests;

public sealed class NpzReaderTests : IDisposable
{
    // NumPy 1.24.2: f = io.BytesIO(); np.savez_compressed(f, input=np.arange(6, dtype=np.float32).reshape(2, 3),
    //   mask=np.array([[1, 0, 1], [0, 1, 1]], dtype=np.int64)); base64.b64encode(f.getvalue())
    // (NumPy writes zip64 extra fields into every entry.)
    private const string NumPyArchive = "UEsDBBQAAAAIAAAAIQBP6QAqVQAAAJgAAAAJABQAaW5wdXQubnB5AQAQAJgAAAAAAAAAVQAAAAAAAACb7BfqGxDJyFDGUK2eklqcXKRupaBuk2airqOgnpZfVFKUmBefX5SSChJ3S8wpTgWKF2ckFqQC+RpGOgrGmjoKtQpkAy4GMGiwBxIOQATEDUC8wAEAUEsDBBQAAAAIAAAAIQC5lz2ATQAAALAAAAAIABQAbWFzay5ucHkBABAAsAAAAAAAAABNAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TaaGuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GkY6CsaaOgq1CmQDLkYGVICLD6MBUEsBAhQDFAAAAAgAAAAhAE/pACpVAAAAmAAAAAkAAAAAAAAAAAAAAIABAAAAAGlucHV0Lm5weVBLAQIUAxQAAAAIAAAAIQC5lz2ATQAAALAAAAAIAAAAAAAAAAAAAACAAZAAAABtYXNrLm5weVBLBQYAAAAAAgACAG0AAAAXAQAAAAA=";

    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-npz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Reads_an_archive_numpy_wrote()
    {
        string path = WriteFile("numpy.npz", Convert.FromBase64String(NumPyArchive));
        var arrays = NpzReader.Read(path);
        Assert.Equal(["input", "mask"], arrays.Select(a => a.Key));
        Assert.Equal([0f, 1, 2, 3, 4, 5], arrays[0].Value.AsArray<float>());
        Assert.Equal(new TensorShape(2, 3), arrays[0].Value.Shape);
        Assert.Equal([1L, 0, 1, 0, 1, 1], arrays[1].Value.AsArray<long>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Round_trips_stored_and_deflated_archives_in_order(bool compressed)
    {
        var arrays = new List<KeyValuePair<string, Tensor>>
        {
            new("z_last_name_first", NpyReaderTests.Sample(DataType.Float32, new TensorShape(4, 3))),
            new("ids", NpyReaderTests.Sample(DataType.Int64, new TensorShape(2, 7))),
            new("flag", NpyReaderTests.Sample(DataType.Bool, TensorShape.Scalar)),
            new("empty", NpyReaderTests.Sample(DataType.UInt8, new TensorShape(0, 2))),
        };
        string path = Path.Combine(_dir, "a.npz");
        NpyWriter.WriteArchive(path, arrays, compressed);

        using (var zip = ZipFile.OpenRead(path))
        {
            Assert.All(zip.Entries, e => Assert.Equal(compressed, e.CompressedLength < e.Length));
        }

        var read = NpzReader.Read(path);
        Assert.Equal(arrays.Select(a => a.Key), read.Select(a => a.Key));
        for (int i = 0; i < arrays.Count; i++)
        {
            NpyReaderTests.AssertSame(arrays[i].Value, read[i].Value);
        }
    }

    [Fact]
    public void Declared_size_beyond_deflates_ratio_is_a_zip_bomb()
    {
        byte[] bytes = Archive(true, ("x", Tensor.Zeros(DataType.Float32, new TensorShape(64))));
        PatchUncompressedSize(bytes, 0x7FFF_FFF0);
        string path = WriteFile("bomb.npz", bytes);
        var e = Assert.Throws<MemfluxException>(() => NpzReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("'x.npy'", e.Message, StringComparison.Ordinal);
        Assert.Contains("zip bomb", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Total_declared_size_is_limited_before_decompressing()
    {
        // 16 MiB of zeros deflate to about 16 KiB: a plausible ratio, but more than the caller allows.
        string path = Path.Combine(_dir, "zeros.npz");
        NpyWriter.WriteArchive(path, [new("x", Tensor.Zeros(DataType.Float32, new TensorShape(4096, 1024)))], compressed: true);
        var e = Assert.Throws<MemfluxException>(() => NpzReader.Read(path, maxTotalBytes: 1 << 20));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("the limit is 1048576 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal(4096 * 1024, NpzReader.Read(path)[0].Value.Length);
    }

    [Fact]
    public void A_declared_size_smaller_than_the_array_is_caught()
    {
        byte[] bytes = Archive(false, ("x", Tensor.Zeros(DataType.Float32, new TensorShape(64))));
        PatchUncompressedSize(bytes, 128 + 16);
        var e = Assert.Throws<MemfluxException>(() => NpzReader.Read(new MemoryStream(bytes), "small.npz"));
        Assert.Contains("small.npz (array 'x')", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_array_inside_is_named_with_the_archive()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("tokens.npy").Open();
            entry.Write(NpyReaderTests.Hand("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", new byte[16]));
        }

        var e = Assert.Throws<MemfluxException>(() => NpzReader.Read(new MemoryStream(stream.ToArray()), "in.npz"));
        Assert.Contains("in.npz (array 'tokens')", e.Message, StringComparison.Ordinal);
        Assert.Contains("24 data bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_that_are_not_npy_and_empty_archives_are_errors()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("notes.txt").Open();
            entry.WriteByte(1);
        }

        var e = Assert.Throws<MemfluxException>(() => NpzReader.Read(new MemoryStream(stream.ToArray()), "t.npz"));
        Assert.Contains("'notes.txt'", e.Message, StringComparison.Ordinal);

        var empty = Archive(false);
        Assert.Contains("no arrays", Assert.Throws<MemfluxException>(() => NpzReader.Read(new MemoryStream(empty), "e.npz")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_named()
    {
        string path = WriteFile("plain.npz", Convert.FromHexString("934e554d505901000000"));
        var e = Assert.Throws<MemfluxException>(() => NpzReader.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not a NumPy .npz archive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_central_directory_is_named()
    {
        byte[] bytes = Archive(false, ("x", Tensor.Zeros(DataType.Float32, new TensorShape(4))));
        // Point the end-of-central-directory record's directory offset past the end of the file.
        int end = bytes.Length - 22;
        Assert.Equal(0x06054b50u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end)));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(end + 16), (uint)bytes.Length + 100);
        var e = Assert.Throws<MemfluxException>(() => NpzReader.Read(new MemoryStream(bytes), "dir.npz"));
        Assert.Contains("dir.npz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_deflate_data_is_named()
    {
        byte[] bytes = Archive(true, ("x", NpyReaderTests.Sample(DataType.Float64, new TensorShape(50))));
        // Scramble the compressed stream (it starts after the 30-byte local header and the 5-byte name).
        for (int i = 35; i < 60; i++)
        {
            bytes[i] ^= 0xA5;
        }

        var e = Assert.Throws<MemfluxException>(() => NpzReader.Read(new MemoryStream(bytes), "c.npz"));
        Assert.Contains("c.npz", e.Message, StringComparison.Ordinal);
    }

    private static byte[] Archive(bool compressed, params (string Name, Tensor Tensor)[] arrays)
    {
        using var stream = new MemoryStream();
        NpyWriter.WriteArchive(stream, arrays.Select(a => new KeyValuePair<string, Tensor>(a.Name, a.Tensor)), compressed);
        return stream.ToArray();
    }

    /// <summary>Overwrites the uncompressed size in every local header and central directory record.</summary>
    private static void PatchUncompressedSize(byte[] zip, uint size)
    {
        for (int i = 0; i + 4 <= zip.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            }
            else if (signature == 0x02014b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
            }
        }
    }

    private string WriteFile(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
