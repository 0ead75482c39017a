using Microsoft.Win32.SafeHandles;

namespace Memflux.Onnx;

/// <summary>
/// Random-access bytes of a serialized model or of an external-data file: a buffer already in memory, or a file read
/// at offsets on demand (so a tensor's bytes go from the file straight into the tensor's array, with no copy of the
/// whole file in memory). Offsets and lengths are longs: a file may be larger than 2 GB.
/// </summary>
internal abstract class ModelBytes : IDisposable
{
    /// <summary>Length in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>The model's file when the bytes come from one; null for a buffer.</summary>
    public virtual string? Path => null;

    /// <summary>Bytes over <paramref name="buffer"/> (no copy).</summary>
    public static ModelBytes Of(ReadOnlyMemory<byte> buffer) => new MemoryBytes(buffer);

    /// <summary>Opens <paramref name="path"/> for reading; the caller disposes the result.</summary>
    public static ModelBytes Open(string path) => new FileBytes(path);

    /// <summary>
    /// Fills <paramref name="destination"/> from <paramref name="offset"/>; the caller has checked that the range lies
    /// inside <see cref="Length"/>. A file that shrinks meanwhile is an <see cref="EndOfStreamException"/>.
    /// </summary>
    public abstract void Read(long offset, Span<byte> destination);

    /// <inheritdoc/>
    public virtual void Dispose()
    {
    }

    private sealed class MemoryBytes(ReadOnlyMemory<byte> buffer) : ModelBytes
    {
        public override long Length => buffer.Length;

        public override void Read(long offset, Span<byte> destination) =>
            buffer.Span.Slice(checked((int)offset), destination.Length).CopyTo(destination);
    }

    private sealed class FileBytes : ModelBytes
    {
        private readonly SafeFileHandle _handle;
        private readonly string _path;

        public FileBytes(string path)
        {
            _path = path;
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
            try
            {
                Length = RandomAccess.GetLength(_handle);
            }
            catch
            {
                _handle.Dispose();
                throw;
            }
        }

        public override long Length { get; }

        public override string? Path => _path;

        public override void Read(long offset, Span<byte> destination)
        {
            while (!destination.IsEmpty)
            {
                int n = RandomAccess.Read(_handle, destination, offset);
                if (n == 0)
                {
                    throw new EndOfStreamException($"the file ended at byte {offset}, before the {destination.Length} bytes expected there (was it changed while being read?).");
                }

                offset += n;
                destination = destination[n..];
            }
        }

        public override void Dispose()
        {
            _handle.Dispose();
            base.Dispose();
        }
    }
}
