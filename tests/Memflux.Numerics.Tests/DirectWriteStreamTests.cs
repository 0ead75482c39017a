namespace Memflux.Numerics.Tests;

/// <summary>
/// <see cref="DirectWriteStream"/> and <see cref="SafeFile.WriteLarge"/>: whichever way the bytes reach the disk (direct
/// in whole aligned buffers, the unaligned rest and later writes through the page cache), the file holds exactly
/// what was written, at the offsets it was written to.
/// </summary>
public sealed class DirectWriteStreamTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memflux-direct-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<int, int> Sizes => new()
    {
        { 0, 1 },
        { 1, 1 },
        { DirectWriteStream.Alignment - 1, 1000 },
        { DirectWriteStream.Alignment, DirectWriteStream.Alignment },
        { DirectWriteStream.BufferBytes, 1 << 20 },
        { (2 * DirectWriteStream.BufferBytes) + 12345, 3 * 1000 * 1000 },
        { DirectWriteStream.BufferBytes + DirectWriteStream.Alignment, DirectWriteStream.BufferBytes + 7 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void The_file_holds_every_byte_written_in_order(int length, int chunk)
    {
        byte[] expected = Bytes(length, seed: length);
        string path = Path.Combine(_directory, "a.bin");
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        using (var stream = new DirectWriteStream(handle))
        {
            for (int at = 0; at < length; at += chunk)
            {
                stream.Write(expected.AsSpan(at, Math.Min(chunk, length - at)));
                Assert.Equal(Math.Min(at + chunk, length), stream.Position);
            }

            Assert.Equal(length, stream.Length);
            stream.Flush();
        }

        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_seek_back_overwrites_in_place_after_the_direct_part()
    {
        int length = DirectWriteStream.BufferBytes + 5000;
        byte[] expected = Bytes(length, seed: 1);
        string path = Path.Combine(_directory, "a.bin");
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        using (var stream = new DirectWriteStream(handle))
        {
            stream.Write(new byte[100]);
            stream.Write(expected.AsSpan(100));
            stream.Position = 0;
            Assert.False(stream.IsDirect);
            stream.Write(expected.AsSpan(0, 100));
            Assert.Equal(100, stream.Position);
            stream.Seek(0, SeekOrigin.End);
            Assert.Equal(length, stream.Position);
        }

        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteLarge_replaces_the_target_atomically_with_the_whole_content()
    {
        string path = Path.Combine(_directory, "image.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        byte[] expected = Bytes(DirectWriteStream.BufferBytes + 999, seed: 2);
        SafeFile.WriteLarge(path, "the test file", s =>
        {
            s.Write(new byte[8]);
            s.Write(expected.AsSpan(8));
            s.Position = 0;
            s.Write(expected.AsSpan(0, 8));
        });
        Assert.Equal(expected, File.ReadAllBytes(path));
        Assert.Equal(["image.bin"], Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName));

        var e = Assert.Throws<MemfluxException>(() => SafeFile.WriteLarge(path, "the test file", s =>
        {
            s.Write(new byte[DirectWriteStream.BufferBytes + 1]);
            throw new IOException("disk full");
        }));
        Assert.Contains("cannot write the test file (disk full)", e.Message, StringComparison.Ordinal);
        Assert.Equal(expected, File.ReadAllBytes(path));
        Assert.Equal(["image.bin"], Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName));
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
