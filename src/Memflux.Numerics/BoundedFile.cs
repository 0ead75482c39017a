using System.Text;

namespace Memflux.Numerics;

/// <summary>
/// Reads a whole file only when it is a regular file no larger than a limit the caller states, so that a device
/// (<c>/dev/zero</c> never ends), a pipe or a huge file is a clear refusal rather than an out-of-memory after seconds.
/// Errors name the file and what it was expected to be.
/// </summary>
public static class BoundedFile
{
    /// <summary>
    /// Checks that <paramref name="path"/> is a regular file of at most <paramref name="maxBytes"/> bytes, with the errors
    /// of <see cref="ReadAllBytes"/>, for a caller that reads it in pieces.
    /// </summary>
    public static void Check(string path, string what, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            long length = new FileInfo(RegularFile(path, what)).Length;
            if (length > maxBytes)
            {
                throw new MemfluxException($"{path}: the {what} is {length} bytes; expected at most {maxBytes}.");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot read the {what} ({e.Message}).", e);
        }
    }

    /// <summary>Reads <paramref name="path"/> (<paramref name="what"/>, e.g. "chip spec") of at most <paramref name="maxBytes"/> bytes.</summary>
    public static byte[] ReadAllBytes(string path, string what, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, Array.MaxLength);
        try
        {
            // Unbuffered (bufferSize 0): the whole file is read straight into its array, so a FileStream buffer (64 KiB
            // before) would only be allocated and zeroed for nothing; a sweep reads its spec files twice per point.
            using var stream = new FileStream(RegularFile(path, what), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            long length = stream.Length;
            if (length > maxBytes)
            {
                throw new MemfluxException($"{path}: the {what} is {length} bytes; expected at most {maxBytes}.");
            }

            var bytes = new byte[length];
            PagePrefault.Populate(bytes);
            stream.ReadExactly(bytes);
            if (stream.ReadByte() != -1)
            {
                throw new MemfluxException($"{path}: the {what} grew while it was read; expected {length} bytes.");
            }

            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot read the {what} ({e.Message}).", e);
        }
    }

    /// <summary>Reads <paramref name="path"/> as UTF-8 text; bytes that are not UTF-8 are an error naming their offset, not replaced.</summary>
    public static string ReadAllText(string path, string what, long maxBytes)
    {
        byte[] bytes = ReadAllBytes(path, what, maxBytes);
        return DecodeUtf8(bytes, $"{path}: the {what}");
    }

    /// <summary>Decodes UTF-8 strictly (a leading byte-order mark is skipped); <paramref name="source"/> starts the error.</summary>
    public static string DecodeUtf8(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        int start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw new MemfluxException($"{source} is not valid UTF-8 (byte {start + e.Index} is 0x{(e.BytesUnknown is { Length: > 0 } b ? b[0] : 0):x2}).", e);
        }
    }

    /// <summary>The path of the regular file at <paramref name="path"/> (after symbolic links), or an error saying what is there.</summary>
    private static string RegularFile(string path, string what)
    {
        string full = Path.GetFullPath(path);
        string target = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        string? kind = SafeFile.FileKind(target);
        if (kind is null)
        {
            throw new MemfluxException($"{path}: {what} file not found.");
        }

        if (kind != "regular file")
        {
            throw new MemfluxException($"{path}: is a {kind}; expected a regular file holding the {what}.");
        }

        return target;
    }
}
