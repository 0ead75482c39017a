using System.IO.Compression;
using Memflux.Numerics;

namespace Memflux.Data;

/// <summary>
/// Reads NumPy <c>.npz</c> archives (<c>np.savez</c>, <c>np.savez_compressed</c>): a zip of <c>.npy</c> files, stored or
/// deflated. Each entry <c>NAME.npy</c> becomes the array NAME, in the archive's order.
/// </summary>
/// <remarks>
/// Zip bombs are refused before decompressing: an entry may not declare more than <see cref="MaxDeflateRatio"/> times
/// its compressed size (more than deflate can produce), a stored entry must declare its compressed size, and all entries
/// together may not declare more than the caller's limit. While reading, an entry yields exactly the bytes its .npy
/// header declares and must then end, so a size in the zip directory that lies is caught too.
/// </remarks>
public static class NpzReader
{
    /// <summary>Default limit on the uncompressed bytes of all arrays of an archive (8 GiB).</summary>
    public const long DefaultMaxTotalBytes = 8L << 30;

    /// <summary>Deflate's largest possible expansion (a 258-byte match per 2 bits is about 1032:1).</summary>
    public const int MaxDeflateRatio = 1032;

    /// <summary>Reads every array of the archive at <paramref name="path"/>.</summary>
    /// <param name="path">The .npz file.</param>
    /// <param name="maxTotalBytes">Largest total uncompressed size accepted.</param>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path, long maxTotalBytes = DefaultMaxTotalBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MemfluxException($"{path}: file not found; expected a NumPy .npz archive.");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            return Read(stream, path, maxTotalBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot read the file ({e.Message}).", e);
        }
    }

    /// <summary>Reads every array of the archive in <paramref name="stream"/> (seekable); <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(Stream stream, string source, long maxTotalBytes = DefaultMaxTotalBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new MemfluxException($"{source}: not a NumPy .npz archive (a zip of .npy files): {e.Message}", e);
        }

        using (zip)
        {
            List<ZipArchiveEntry> entries;
            try
            {
                // The central directory is read on first access to Entries.
                entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
            }
            catch (InvalidDataException e)
            {
                throw new MemfluxException($"{source}: the zip directory is corrupt: {e.Message}", e);
            }

            long total = 0;
            foreach (var entry in entries)
            {
                CheckDeclaredSize(entry, source);
                total += entry.Length;
                if (total > maxTotalBytes)
                {
                    throw new MemfluxException($"{source}: the arrays declare {total} or more bytes uncompressed; the limit is {maxTotalBytes} bytes.");
                }
            }

            var arrays = new List<KeyValuePair<string, Tensor>>(entries.Count);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                string name = ArrayName(entry, source);
                if (!names.Add(name))
                {
                    throw new MemfluxException($"{source}: the archive holds the array '{name}' twice.");
                }

                string where = $"{source} (array '{name}')";
                try
                {
                    using var data = entry.Open();
                    arrays.Add(new(name, NpyReader.Read(data, entry.Length, where)));
                }
                catch (InvalidDataException e)
                {
                    throw new MemfluxException($"{where}: the compressed data is corrupt: {e.Message}", e);
                }
                catch (NotSupportedException e)
                {
                    throw new MemfluxException($"{where}: the zip entry cannot be read ({e.Message}); expected a stored or deflated entry, as np.savez and np.savez_compressed write.", e);
                }
            }

            if (arrays.Count == 0)
            {
                throw new MemfluxException($"{source}: the archive holds no arrays; expected at least one NAME.npy entry.");
            }

            return arrays;
        }
    }

    private static string ArrayName(ZipArchiveEntry entry, string source)
    {
        if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
        {
            throw new MemfluxException($"{source}: the archive holds '{entry.FullName}', which is not a .npy array; expected only NAME.npy entries (np.savez writes them).");
        }

        return entry.FullName[..^4];
    }

    private static void CheckDeclaredSize(ZipArchiveEntry entry, string source)
    {
        long length = entry.Length, compressed = entry.CompressedLength;
        if (length < 0 || compressed < 0)
        {
            throw new MemfluxException($"{source}: the zip entry '{entry.FullName}' declares a negative size.");
        }

        // Small entries get slack: a few bytes of deflate can legitimately stand for a few hundred of header and zeros.
        if (length > (compressed * MaxDeflateRatio) + 4096)
        {
            throw new MemfluxException($"{source}: the zip entry '{entry.FullName}' declares {length} bytes uncompressed from {compressed} compressed, more than deflate can expand ({MaxDeflateRatio}:1); the archive is corrupt or a zip bomb.");
        }
    }
}
