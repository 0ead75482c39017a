using System.Globalization;
using Memflux.Numerics;
using Onnx;

namespace Memflux.Onnx;

/// <summary>Where a tensor's bytes lie: <paramref name="Length"/> bytes of <paramref name="Bytes"/> from <paramref name="Offset"/>.</summary>
internal readonly record struct TensorBytes(ModelBytes Bytes, long Offset, long Length);

/// <summary>
/// The external-data files of one model (TensorProto <c>data_location = EXTERNAL</c>, <c>external_data</c> entries
/// location, offset, length, checksum), opened once each and closed with this object. A location is a relative path
/// inside the model's folder: an absolute path, a <c>..</c> that leaves the folder, or a symbolic link that resolves
/// outside it is an error naming the tensor and the path, so a model cannot make Memflux read arbitrary files.
/// </summary>
/// <param name="modelFolder">The model's folder; null when there is none to read from.</param>
/// <param name="source">The model, for errors.</param>
/// <param name="refusal">Why external data is refused when <paramref name="modelFolder"/> is null (default: the model came from memory).</param>
internal sealed class ExternalDataFiles(string? modelFolder, string source, string? refusal = null) : IDisposable
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly Dictionary<string, ModelBytes> _open = new(PathComparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
    private string? _realFolder;

    /// <summary>Whether <paramref name="t"/> keeps its data in an external file.</summary>
    public static bool IsExternal(TensorProto t) =>
        t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0;

    /// <summary>
    /// Where <paramref name="t"/>'s <paramref name="expectedBytes"/> bytes lie, checked against the entries' length
    /// and the file's size before anything is allocated. A missing length means the tensor's declared size.
    /// </summary>
    public TensorBytes Locate(TensorProto t, long expectedBytes, string what)
    {
        var (location, offset, length) = Entries(t, what);
        if (modelFolder is null)
        {
            throw new MemfluxException(refusal is not null
                ? $"{source}: {what} keeps its data in the external file '{location}'; {refusal}"
                : $"{source}: {what} keeps its data in the external file '{location}', which is looked up next to the model file; this model was loaded from memory, so there is no folder to look in: load it from its path (OnnxImporter.Load(path)).");
        }

        string path = Resolve(location, what);
        if (!_open.TryGetValue(path, out var bytes))
        {
            try
            {
                bytes = ModelBytes.Open(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new MemfluxException($"{source}: {what}: cannot read its external data file '{path}' ({e.Message}).", e);
            }

            _open.Add(path, bytes);
        }

        long size = length ?? expectedBytes;
        if (size != expectedBytes)
        {
            throw new MemfluxException($"{source}: {what} declares {size} bytes of external data in '{location}'; its shape and type need {expectedBytes}.");
        }

        if (offset > bytes.Length || size > bytes.Length - offset)
        {
            throw new MemfluxException($"{source}: {what} reads bytes {offset} to {offset + size} of '{location}', but the file has {bytes.Length} bytes (truncated or wrong file?).");
        }

        return new TensorBytes(bytes, offset, size);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var bytes in _open.Values)
        {
            bytes.Dispose();
        }

        _open.Clear();
    }

    /// <summary>The path of <paramref name="location"/>, checked to stay inside the model's folder after resolving links.</summary>
    private string Resolve(string location, string what)
    {
        if (location.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(location))
        {
            throw new MemfluxException($"{source}: {what} has external data location '{location}', an absolute path; expected a path relative to the model's folder.");
        }

        string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelFolder!));
        string path = Path.GetFullPath(Path.Combine(folder, location));
        if (!IsInside(path, folder))
        {
            throw new MemfluxException($"{source}: {what} has external data location '{location}', which leaves the model's folder ({path} is outside {folder}); expected a path inside it.");
        }

        if (!File.Exists(path))
        {
            throw new MemfluxException($"{source}: {what} keeps its data in '{location}', but {path} does not exist (external data files must be next to the model).");
        }

        _realFolder ??= RealPath(folder);
        string real = RealPath(path);
        if (!IsInside(real, _realFolder))
        {
            throw new MemfluxException($"{source}: {what} has external data location '{location}', a symbolic link that resolves to {real}, outside the model's folder {_realFolder}; expected a file inside it.");
        }

        return real;
    }

    private (string Location, long Offset, long? Length) Entries(TensorProto t, string what)
    {
        string? location = null;
        long offset = 0;
        long? length = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in t.ExternalData)
        {
            if (!seen.Add(entry.Key))
            {
                throw new MemfluxException($"{source}: {what} has external_data key '{entry.Key}' twice.");
            }

            switch (entry.Key)
            {
                case "location":
                    location = entry.Value;
                    break;
                case "offset":
                    offset = Number(entry, what);
                    break;
                case "length":
                    length = Number(entry, what);
                    break;
                case "checksum":
                    break; // a SHA-1 of the bytes; not checked (ONNX Runtime does not check it either)
                default:
                    throw new MemfluxException($"{source}: {what} has external_data key '{entry.Key}'; expected location, offset, length or checksum.");
            }
        }

        if (t.DataLocation != TensorProto.Types.DataLocation.External)
        {
            throw new MemfluxException($"{source}: {what} has external_data entries but data_location {t.DataLocation}; expected EXTERNAL.");
        }

        if (string.IsNullOrEmpty(location))
        {
            throw new MemfluxException($"{source}: {what} has data_location EXTERNAL but no external_data 'location' naming its file.");
        }

        return (location, offset, length);
    }

    private long Number(StringStringEntryProto entry, string what) =>
        long.TryParse(entry.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            ? value
            : throw new MemfluxException($"{source}: {what} has external_data {entry.Key} '{entry.Value}'; expected a whole number of bytes (0 or more).");

    private static bool IsInside(string path, string folder) =>
        path.Length > folder.Length
        && path.StartsWith(folder, PathComparison)
        && (Path.EndsInDirectorySeparator(folder) || path[folder.Length] == Path.DirectorySeparatorChar || path[folder.Length] == Path.AltDirectorySeparatorChar);

    /// <summary><paramref name="path"/> with every symbolic link along it resolved (like POSIX realpath).</summary>
    private string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? "";
        var pending = new Stack<string>(full[root.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries).Reverse());
        string current = root;
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            string next = Path.Combine(current, part);
            string? target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > 40)
            {
                throw new MemfluxException($"{source}: {path}: too many levels of symbolic links.");
            }

            if (Path.IsPathRooted(target))
            {
                string targetRoot = Path.GetPathRoot(target) ?? root;
                current = targetRoot;
                target = target[targetRoot.Length..];
            }

            foreach (string p in target.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(p);
            }
        }

        return current;
    }
}
