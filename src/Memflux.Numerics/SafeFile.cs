using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Memflux.Numerics;

/// <summary>
/// Every file Memflux writes goes through here, so that neither a failure nor a hostile folder can damage anything but
/// the target: <see cref="CheckTarget"/> refuses, before any work starts, an empty path, a missing or unwritable folder and a target
/// that exists but is not a regular file (a directory, a device such as <c>/dev/null</c>, a pipe); <see cref="Write"/>
/// writes to a temporary file created exclusively (<c>O_CREAT | O_EXCL</c>, which never follows a planted symbolic
/// link) under a random name in the target's folder, flushes it to the disk, and renames it over the target, so the
/// target is either the old file or the complete new one. A symbolic link at the target itself is replaced by the new
/// file, never written through.
/// </summary>
public static partial class SafeFile
{
    /// <summary>
    /// Checks that <paramref name="path"/> can be written as <paramref name="what"/> (e.g. "the chip image"): not empty,
    /// its folder exists, and the path is absent, a regular file or a symbolic link. Verbs call it before their work.
    /// </summary>
    public static void CheckTarget(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            throw new MemfluxException($"the path for {what} is empty; expected a file name.");
        }

        string full = Path.GetFullPath(path);
        if (path.EndsWith('/') || Directory.Exists(full))
        {
            throw new MemfluxException($"{path}: cannot write {what}: the path is a folder; expected a file name.");
        }

        string folder = Path.GetDirectoryName(full) ?? full;
        if (!Directory.Exists(folder))
        {
            throw new MemfluxException($"{path}: cannot write {what}: the folder {folder} does not exist.");
        }

        if (FileKind(full) is { } kind and not "regular file" and not "symbolic link")
        {
            throw new MemfluxException($"{path}: cannot write {what}: the path is a {kind}; expected a regular file or a new name.");
        }

        // A folder can exist and still refuse new files (read-only, /proc): find out now, not after the work.
        string probe = TemporaryName(full);
        try
        {
            new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot write {what}: cannot create a file in {folder} ({e.Message}).", e);
        }

        TryDelete(probe);
    }

    /// <summary>Writes <paramref name="path"/> as <paramref name="what"/> with <paramref name="write"/>, atomically (see the class).</summary>
    public static void Write(string path, string what, Action<FileStream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteCore(path, what, write);
    }

    /// <summary>
    /// <see cref="Write"/> for a file of hundreds of megabytes written from its start: the bytes go to the disk past
    /// the page cache where the system allows (<see cref="DirectWriteStream"/>), still atomically and flushed.
    /// </summary>
    public static void WriteLarge(string path, string what, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteCore(path, what, stream =>
        {
            using var direct = new DirectWriteStream(stream.SafeFileHandle);
            write(direct);
            direct.Flush();
        });
    }

    private static void WriteCore(string path, string what, Action<FileStream> write)
    {
        CheckTarget(path, what);
        string full = Path.GetFullPath(path);
        string temporary = TemporaryName(full);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new MemfluxException($"{path}: cannot write {what} ({e.Message}).", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> as <paramref name="what"/>, atomically.</summary>
    public static void WriteAllBytes(string path, string what, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, what, s => s.Write(bytes));
    }

    /// <summary>
    /// What is at <paramref name="fullPath"/> without following a symbolic link there: "regular file", "folder",
    /// "symbolic link", "character device", "block device", "pipe", "socket", or null when nothing is.
    /// </summary>
    public static string? FileKind(string fullPath)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        if (!OperatingSystem.IsWindows())
        {
            return UnixFileKind(fullPath);
        }

        if (Directory.Exists(fullPath))
        {
            return "folder";
        }

        return File.Exists(fullPath) ? "regular file" : null;
    }

    private static string? UnixFileKind(string fullPath)
    {
        // .NET has no public API for a file's type (FileAttributes calls a device "Normal"), so this asks the runtime's
        // own native shim, as File and Directory do: SystemNative_LStat fills a FileStatus whose second int is st_mode
        // with the POSIX S_IFMT bits. The buffer is larger than the struct.
        Span<byte> status = stackalloc byte[512];
        if (NativeMethods.LStat(fullPath, ref MemoryMarshal.GetReference(status)) != 0)
        {
            return null;
        }

        int mode = BitConverter.ToInt32(status[4..8]);
        return (mode & 0xF000) switch
        {
            0x8000 => "regular file",
            0x4000 => "folder",
            0xA000 => "symbolic link",
            0x2000 => "character device",
            0x6000 => "block device",
            0x1000 => "pipe",
            0xC000 => "socket",
            _ => "file of unknown type",
        };
    }

    /// <summary>A fresh name beside <paramref name="fullPath"/>: hidden, random, ending in .tmp.</summary>
    private static string TemporaryName(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original error is the one to report; a temporary file that cannot be deleted has a name nobody uses.
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int LStat(string path, ref byte status);
    }
}
