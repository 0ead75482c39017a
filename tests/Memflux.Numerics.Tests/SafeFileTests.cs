namespace Memflux.Numerics.Tests;

/// <summary>
/// <see cref="SafeFile"/>: the target is the old file or the complete new one, temporary files are exclusive and
/// random, and targets that are not regular files are refused before anything is written (issue 18 §5).
/// </summary>
public sealed class SafeFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memflux-safefile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_write_replaces_the_target_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(_directory, "a.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        SafeFile.WriteAllBytes(path, "the test file", [9, 8]);
        Assert.Equal([9, 8], File.ReadAllBytes(path));
        Assert.Equal(["a.bin"], Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_write_keeps_the_old_target_and_removes_its_temporary_file()
    {
        string path = Path.Combine(_directory, "a.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        var e = Assert.Throws<MemfluxException>(() => SafeFile.Write(path, "the test file", s =>
        {
            s.Write([7, 7, 7, 7]);
            throw new IOException("disk full");
        }));
        Assert.Contains("cannot write the test file (disk full)", e.Message, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["a.bin"], Directory.GetFileSystemEntries(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_symbolic_link_at_the_old_fixed_temporary_name_is_not_followed()
    {
        // compile used to write PATH.tmp, so a link planted there made it overwrite the link's target.
        string victim = Path.Combine(_directory, "victim.txt");
        File.WriteAllText(victim, "keep");
        string path = Path.Combine(_directory, "chip.mfchip");
        File.CreateSymbolicLink(path + ".tmp", victim);
        SafeFile.WriteAllBytes(path, "the chip image", [5]);
        Assert.Equal("keep", File.ReadAllText(victim));
        Assert.Equal([5], File.ReadAllBytes(path));
    }

    [Fact]
    public void A_symbolic_link_at_the_target_is_replaced_not_written_through()
    {
        string victim = Path.Combine(_directory, "victim.txt");
        File.WriteAllText(victim, "keep");
        string path = Path.Combine(_directory, "out.onnx");
        File.CreateSymbolicLink(path, victim);
        SafeFile.WriteAllBytes(path, "the ONNX model", [5]);
        Assert.Equal("keep", File.ReadAllText(victim));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal([5], File.ReadAllBytes(path));
    }

    [Fact]
    public void Targets_that_cannot_be_written_are_refused_with_the_reason()
    {
        Assert.Contains("the path for the chip image is empty", Refusal(""), StringComparison.Ordinal);
        Assert.Contains("the path is a folder", Refusal(_directory), StringComparison.Ordinal);
        Assert.Contains("the path is a folder", Refusal(_directory + "/"), StringComparison.Ordinal);
        string missing = Path.Combine(_directory, "missing", "dir", "a.mfchip");
        Assert.Contains($"the folder {Path.Combine(_directory, "missing", "dir")} does not exist", Refusal(missing), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void Devices_and_unwritable_folders_are_refused_on_linux()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.Equal("character device", SafeFile.FileKind("/dev/null"));
        Assert.Equal("folder", SafeFile.FileKind("/proc"));
        Assert.Null(SafeFile.FileKind(Path.Combine(_directory, "nothing")));
        Assert.Contains("/dev/null: cannot write the chip image: the path is a character device", Refusal("/dev/null"), StringComparison.Ordinal);
        Assert.Contains("cannot create a file in /proc", Refusal("/proc/x.onnx"), StringComparison.Ordinal);
    }

    private static string Refusal(string path) =>
        Assert.Throws<MemfluxException>(() => SafeFile.CheckTarget(path, "the chip image")).Message;
}
