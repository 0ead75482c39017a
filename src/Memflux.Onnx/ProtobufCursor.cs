namespace Memflux.Onnx;

/// <summary>A protobuf wire-format error found by <see cref="ProtobufCursor"/>; the importer reports it as a malformed file.</summary>
internal sealed class MalformedProtobufException(string message) : Exception(message);

/// <summary>
/// Reads protobuf wire format (tags, varints, length-delimited ranges) from <see cref="ModelBytes"/> at a position,
/// buffering small reads and skipping large fields without reading them. Every read is bounded by an end position
/// (the end of the enclosing message), so a length that runs past its message is found before anything is allocated.
/// </summary>
internal sealed class ProtobufCursor(ModelBytes bytes)
{
    /// <summary>Wire type of a varint field.</summary>
    public const int Varint = 0;

    /// <summary>Wire type of a length-delimited field (bytes, strings, embedded messages, packed repeated fields).</summary>
    public const int LengthDelimited = 2;

    /// <summary>Nesting of groups deeper than this is refused (Google.Protobuf's default recursion limit).</summary>
    private const int MaxGroupDepth = 100;

    private readonly byte[] _buffer = new byte[64 * 1024];
    private long _bufferStart;
    private int _bufferCount;

    /// <summary>The next byte to read.</summary>
    public long Position { get; set; }

    /// <summary>The bytes this cursor reads.</summary>
    public ModelBytes Bytes => bytes;

    /// <summary>Reads a field's tag: its number (1 to 2^29 − 1) and wire type.</summary>
    public (int Field, int WireType) ReadTag(long end)
    {
        long at = Position;
        ulong tag = ReadVarint(end);
        if (tag >> 3 == 0 || tag >> 3 > (1 << 29) - 1)
        {
            throw new MalformedProtobufException($"invalid field tag {tag} at byte {at}");
        }

        return ((int)(tag >> 3), (int)(tag & 7));
    }

    /// <summary>Reads a base-128 varint of at most 10 bytes.</summary>
    public ulong ReadVarint(long end)
    {
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = ReadByte(end);
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new MalformedProtobufException($"a varint ending at byte {Position} is longer than 10 bytes");
    }

    /// <summary>Reads the length of a length-delimited field and checks that its payload ends by <paramref name="end"/>.</summary>
    public long ReadLength(long end)
    {
        ulong length = ReadVarint(end);
        if (length > (ulong)(end - Position))
        {
            throw new MalformedProtobufException($"a field at byte {Position} declares {length} bytes but its message has {end - Position} left (truncated file?)");
        }

        return (long)length;
    }

    /// <summary>Moves past the payload of a field whose tag was just read.</summary>
    public void Skip(int field, int wireType, long end) => Skip(field, wireType, end, depth: 0);

    /// <summary>Copies the bytes [<paramref name="start"/>, <see cref="Position"/>) to <paramref name="destination"/>.</summary>
    public void CopyFrom(long start, Stream destination)
    {
        Span<byte> chunk = stackalloc byte[4096];
        for (long at = start; at < Position;)
        {
            int n = (int)Math.Min(chunk.Length, Position - at);
            if (at >= _bufferStart && at + n <= _bufferStart + _bufferCount)
            {
                destination.Write(_buffer.AsSpan((int)(at - _bufferStart), n));
            }
            else
            {
                bytes.Read(at, chunk[..n]);
                destination.Write(chunk[..n]);
            }

            at += n;
        }
    }

    private void Skip(int field, int wireType, long end, int depth)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint(end);
                break;
            case 1:
                Advance(8, end);
                break;
            case LengthDelimited:
                long length = ReadLength(end); // read first: Position += ReadLength(end) would add to the old Position
                Position += length;
                break;
            case 3:
                if (depth >= MaxGroupDepth)
                {
                    throw new MalformedProtobufException($"groups nested more than {MaxGroupDepth} deep");
                }

                while (true)
                {
                    var (inner, innerType) = ReadTag(end);
                    if (innerType == 4)
                    {
                        if (inner != field)
                        {
                            throw new MalformedProtobufException($"group {field} ended by the end tag of field {inner}");
                        }

                        break;
                    }

                    Skip(inner, innerType, end, depth + 1);
                }

                break;
            case 5:
                Advance(4, end);
                break;
            default:
                throw new MalformedProtobufException(wireType == 4
                    ? $"an end-group tag for field {field} at byte {Position} without its start"
                    : $"field {field} has invalid wire type {wireType}");
        }
    }

    private void Advance(int count, long end)
    {
        if (end - Position < count)
        {
            throw new MalformedProtobufException("the input ended in the middle of a field (truncated file?)");
        }

        Position += count;
    }

    private byte ReadByte(long end)
    {
        if (Position >= end)
        {
            throw new MalformedProtobufException("the input ended in the middle of a field (truncated file?)");
        }

        if (Position < _bufferStart || Position >= _bufferStart + _bufferCount)
        {
            _bufferStart = Position;
            _bufferCount = (int)Math.Min(_buffer.Length, bytes.Length - Position);
            bytes.Read(_bufferStart, _buffer.AsSpan(0, _bufferCount));
        }

        return _buffer[Position++ - _bufferStart];
    }
}
