namespace Memflux.Numerics.Tests;

/// <summary><see cref="BoundedFile"/>: whole-file reads only of regular files within a stated size (issue 18 §3).</summary>
public sealed class BoundedFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memflux-bounded-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_file_within_the_limit_is_read_also_through_a_link()
    {
        string path = Path.Combine(_directory, "a.txt");
        File.WriteAllText(path, "héllo");
        string link = Path.Combine(_directory, "link.txt");
        File.CreateSymbolicLink(link, path);
        Assert.Equal("héllo", BoundedFile.ReadAllText(path, "test file", 6));
        Assert.Equal("héllo", BoundedFile.ReadAllText(link, "test file", 6));
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_with_its_size()
    {
        string path = Path.Combine(_directory, "a.bin");
        File.WriteAllBytes(path, new byte[101]);
        var e = Assert.Throws<MemfluxException>(() => BoundedFile.ReadAllBytes(path, "test file", 100));
        Assert.Equal($"{path}: the test file is 101 bytes; expected at most 100.", e.Message);
    }

    [Fact]
    public void Invalid_utf8_names_its_offset_and_a_bom_is_skipped()
    {
        var e = Assert.Throws<MemfluxException>(() => BoundedFile.DecodeUtf8([(byte)'a', (byte)'b', 0xC3, (byte)'c'], "x"));
        Assert.Equal("x is not valid UTF-8 (byte 2 is 0xc3).", e.Message);
        Assert.Equal("ok", BoundedFile.DecodeUtf8([0xEF, 0xBB, 0xBF, (byte)'o', (byte)'k'], "x"));
    }

    [Fact]
    public void Devices_folders_and_missing_files_are_refused()
    {
        Assert.Contains("is a folder; expected a regular file holding the test file", Error(_directory), StringComparison.Ordinal);
        Assert.Contains("cannot read the test file", Error(Path.Combine(_directory, "missing")), StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.Contains("/dev/zero: is a character device; expected a regular file", Error("/dev/zero"), StringComparison.Ordinal);
        }
    }

    private static string Error(string path) =>
        Assert.Throws<MemfluxException>(() => BoundedFile.ReadAllBytes(path, "test file", 1 << 20)).Message;
}
