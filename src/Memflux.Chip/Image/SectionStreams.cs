using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Memflux.Chip.Image;

/// <summary>Writes one section to the file while hashing it, without copying the data.</summary>
internal sealed class SectionWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _offset;

    public SectionWriter(Stream stream, int id)
    {
        _stream = stream;
        Id = id;
        _offset = stream.Position;
    }

    public int Id { get; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        _stream.Write(bytes);
    }

    public void Write<T>(ReadOnlySpan<T> values)
        where T : unmanaged => Write(MemoryMarshal.AsBytes(values));

    public void WriteInt32(int value) => Write([value]);

    /// <summary>
    /// Writes the first <c>Length</c> bytes of each buffer in order, hashing them on a worker thread while this one
    /// writes: the hash and the file copy of a large section take one core each instead of running one after the other.
    /// </summary>
    public void WriteConcurrently(IReadOnlyList<(byte[] Buffer, int Length)> segments)
    {
        var hashing = Task.Run(() =>
        {
            foreach (var (buffer, length) in segments)
            {
                _hash.AppendData(buffer, 0, length);
            }
        });
        try
        {
            foreach (var (buffer, length) in segments)
            {
                _stream.Write(buffer, 0, length);
            }
        }
        finally
        {
            hashing.GetAwaiter().GetResult();
        }
    }

    public SectionEntry Finish() => new(Id, _offset, _stream.Position - _offset, _hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}

/// <summary>Reads one section while hashing it; reading past its end throws <see cref="SectionOverrunException"/>.</summary>
internal sealed class SectionReader : IDisposable
{
    private readonly Stream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _skip = new byte[1 << 16];

    public SectionReader(Stream stream, SectionEntry entry)
    {
        _stream = stream;
        Entry = entry;
        Remaining = entry.Length;
        stream.Position = entry.Offset;
    }

    public SectionEntry Entry { get; }

    public long Remaining { get; private set; }

    public void Read(Span<byte> destination)
    {
        if (destination.Length > Remaining)
        {
            throw new SectionOverrunException();
        }

        _stream.ReadExactly(destination);
        _hash.AppendData(destination);
        Remaining -= destination.Length;
    }

    public void Read<T>(Span<T> destination)
        where T : unmanaged => Read(MemoryMarshal.AsBytes(destination));

    public int ReadInt32()
    {
        Span<int> value = stackalloc int[1];
        Read(value);
        return value[0];
    }

    /// <summary>Hashes whatever is left of the section and says whether the hash matches the table.</summary>
    public bool FinishAndVerify(out byte[] actual)
    {
        while (Remaining > 0)
        {
            Read(_skip.AsSpan(0, (int)Math.Min(_skip.Length, Remaining)));
        }

        actual = _hash.GetHashAndReset();
        return actual.AsSpan().SequenceEqual(Entry.Sha256);
    }

    public void Dispose() => _hash.Dispose();
}

/// <summary>A section's content asked for more bytes than the section holds.</summary>
internal sealed class SectionOverrunException : Exception
{
    public SectionOverrunException()
        : base("read past the end of the section")
    {
    }
}
