using System.Buffers.Binary;
using Memflux.Numerics;

namespace Memflux.Data.Tests;

public sealed class IdxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Round_trips_images_at_an_awkward_size(bool gzip)
    {
        int[] dims = [7, 3, 5];
        byte[] data = [.. Enumerable.Range(0, 105).Select(i => (byte)((i * 37) % 256))];
        string path = Write("img", IdxWriter.Serialize(dims, data, gzip));

        var idx = IdxReader.ReadImages(path);

        Assert.Equal(dims, idx.Dimensions);
        Assert.Equal(data, idx.Data);
        Assert.Equal(path, idx.Source);
    }

    [Fact]
    public void Round_trips_labels()
    {
        byte[] labels = [0, 9, 3, 3, 1];
        var idx = IdxReader.ReadLabels(Write("lbl", IdxWriter.Serialize([5], labels, gzip: true)));
        Assert.Equal([5], idx.Dimensions);
        Assert.Equal(labels, idx.Data);
    }

    [Fact]
    public void Header_magic_is_big_endian_0x801_and_0x803()
    {
        byte[] images = IdxWriter.Serialize([1, 2, 2], new byte[4], gzip: false);
        byte[] labels = IdxWriter.Serialize([1], new byte[1], gzip: false);
        Assert.Equal(IdxReader.ImagesMagic, BinaryPrimitives.ReadInt32BigEndian(images));
        Assert.Equal(IdxReader.LabelsMagic, BinaryPrimitives.ReadInt32BigEndian(labels));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(8)));
    }

    [Fact]
    public void Wrong_magic_names_the_file_and_the_magic()
    {
        byte[] bytes = IdxWriter.Serialize([2], [1, 2], gzip: false);
        bytes[0] = 0x12;
        string path = Write("bad", bytes);
        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("0x12000801", e.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000801", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_file_read_as_images_is_a_rank_error()
    {
        string path = Write("lbl", IdxWriter.Serialize([2], [1, 2], gzip: false));
        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadImages(path));
        Assert.Contains("rank 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("0x00000803", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ubyte_data_type_is_rejected()
    {
        byte[] bytes = IdxWriter.Serialize([2], [1, 2], gzip: false);
        bytes[2] = 0x0D; // float
        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadLabels(Write("f", bytes)));
        Assert.Contains("data type 0x0d", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_dimension_is_rejected()
    {
        byte[] bytes = IdxWriter.Serialize([1, 1, 1], [0], gzip: false);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 0);
        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadImages(Write("z", bytes)));
        Assert.Contains("dimension 1 is 0", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_data_is_a_clear_error(bool gzip)
    {
        byte[] full = IdxWriter.Serialize([4, 3, 3], new byte[36], gzip: false);
        byte[] cut = full[..^5];
        if (gzip)
        {
            cut = Gzip(cut);
        }

        string path = Write("cut", cut);
        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("need 36 bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("found 31", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_header_is_a_clear_error()
    {
        byte[] full = IdxWriter.Serialize([4, 3, 3], new byte[36], gzip: false);
        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadImages(Write("h", full[..9])));
        Assert.Contains("truncated IDX header", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<MemfluxException>(() => IdxReader.ReadImages(Write("h2", full[..2])));
        Assert.Contains("truncated IDX header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_bytes_are_an_error()
    {
        byte[] bytes = [.. IdxWriter.Serialize([2], [1, 2], gzip: false), 7];
        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadLabels(Write("t", bytes)));
        Assert.Contains("trailing bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_bomb_is_decompressed_no_further_than_its_header_declares()
    {
        // 64 MB of zeros after a header declaring 2 labels compress to ~64 KB; decompression stops after 2 + 1 bytes.
        var plain = new byte[64 << 20];
        IdxWriter.Serialize([2], [1, 2], gzip: false).CopyTo(plain, 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadLabels(Write("bomb.gz", Gzip(plain))));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("trailing bytes", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 8 << 20, $"reading the bomb allocated {allocated} bytes");
    }

    [Fact]
    public void A_device_is_not_read_as_an_idx_file()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadLabels("/dev/zero"));
        Assert.Contains("/dev/zero: is a character device; expected a regular file holding the IDX file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_gzip_stream_is_a_clear_error()
    {
        byte[] gz = IdxWriter.Serialize([50, 10, 10], [.. Enumerable.Range(0, 5000).Select(i => (byte)i)], gzip: true);
        string path = Write("gz", gz[..(gz.Length / 2)]);
        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadImages(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        string path = Path.Combine(_dir, "nope.idx");
        var e = Assert.Throws<MemfluxException>(() => IdxReader.ReadLabels(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(plain);
        }

        return output.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
