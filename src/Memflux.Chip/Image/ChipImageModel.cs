using Memflux.Numerics;
using Microsoft.Win32.SafeHandles;

namespace Memflux.Chip.Image;

/// <summary>
/// The ONNX model a chip image stores: bytes already in memory, or a model file copied into the image in pieces at
/// save time, so that compiling a 434 MB model does not hold a second copy of it beside its imported weights. A file
/// must be the one the chip was compiled from: <see cref="FromFile"/> notes its length and last write time before the
/// import reads it, and saving refuses a file that has changed since (rewritten in place or replaced).
/// </summary>
public abstract class ChipImageModel
{
    private ChipImageModel()
    {
    }

    /// <summary>The model's bytes.</summary>
    public static ChipImageModel Of(byte[] bytes) => new InMemory(bytes ?? throw new ArgumentNullException(nameof(bytes)));

    /// <summary>The model file at <paramref name="path"/> as it is now (call before importing it).</summary>
    public static ChipImageModel FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        return new FromPath(path, info.Length, info.LastWriteTimeUtc);
    }

    /// <summary>Writes the model into the image's model section.</summary>
    internal abstract void WriteTo(SectionWriter writer);

    private sealed class InMemory(byte[] bytes) : ChipImageModel
    {
        internal override void WriteTo(SectionWriter writer) => writer.WriteConcurrently([(bytes, bytes.Length)]);
    }

    private sealed class FromPath(string path, long length, DateTime written) : ChipImageModel
    {
        private const int ChunkBytes = 8 << 20;

        internal override void WriteTo(SectionWriter writer)
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
            CheckUnchanged(handle);
            byte[] chunk = GC.AllocateUninitializedArray<byte>((int)Math.Min(ChunkBytes, Math.Max(length, 1)));
            for (long offset = 0; offset < length; offset += chunk.Length)
            {
                int count = (int)Math.Min(chunk.Length, length - offset);
                ReadExactly(handle, chunk.AsSpan(0, count), offset);
                writer.WriteConcurrently([(chunk, count)]);
            }

            CheckUnchanged(handle);
        }

        private void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset)
        {
            while (!destination.IsEmpty)
            {
                int read = RandomAccess.Read(handle, destination, offset);
                if (read == 0)
                {
                    CheckUnchanged(handle); // it shrank
                    throw new MemfluxException($"{path}: the model file ended at byte {offset:N0} of {length:N0} while it was copied into the chip image.");
                }

                destination = destination[read..];
                offset += read;
            }
        }

        private void CheckUnchanged(SafeFileHandle handle)
        {
            long now = RandomAccess.GetLength(handle);
            DateTime nowWritten = File.GetLastWriteTimeUtc(handle);
            if (now != length || nowWritten != written)
            {
                throw new MemfluxException(
                    $"{path}: the model file changed while the chip was compiled ({length:N0} bytes written {written:O} when read, now {now:N0} bytes written {nowWritten:O}); compile again.");
            }
        }
    }
}
