using System.Buffers.Binary;
using System.Security.Cryptography;
using Memflux.Numerics;

namespace Memflux.Chip.Image;

/// <summary>
/// The binary layout of a <c>.mfchip</c> file (all integers little-endian):
/// <code>
/// magic        8 bytes  "MFCHIP\r\n"  (the CR LF catches text-mode transfers)
/// version      uint32   FormatVersion
/// sections     uint32   SectionCount
/// table        per section: id uint32, offset int64, length int64, SHA-256 of the section's bytes (32)
/// header hash  SHA-256 of everything above (32)
/// sections     manifest (UTF-8 JSON), hardware (UTF-8 JSON), model (ONNX bytes), devices (binary), in that order
/// </code>
/// The file ends where the last section ends. The devices section holds, per layer, matrix and tile (the order of the
/// manifest): rows, columns, device blocks (int32 each); column scales, affine gain, affine offset, drift reference
/// (float32 × columns each); then per block of n = rows·columns devices:
/// <code>
/// flags        byte     1: conductances as codes, 2: drift parameters as codes, 4: fault bytes follow, 8: program counts follow
/// [flag 1]     float32 step, float32 offset of the conductance grid
/// conductance  uint16 code × n (flag 1; value = offset + code·step in single precision) or float32 × n (µS)
/// [flag 2]     float32 step, float32 offset of the drift grid
/// drift        uint16 code × n (flag 2) or float32 × n
/// [flag 4]     fault byte × n (without it every device works)
/// [flag 8]     program-iteration count byte × n (without it every device was programmed once)
/// </code>
/// Version 2 (issue 14 §3) stores the state on the device model's 16-bit grids (<see cref="Devices.StateGrid"/>,
/// <see cref="Devices.DeviceModel.StateResolution"/>): for PCM the conductance to g_max/2¹⁵ and ν to 2⁻¹⁶, far below
/// the programming noise (σ_prog ≥ 1% of g_max) and the ν spread (σ_ν ≥ 0.008). Programming already rounds the
/// in-memory state to these grids, so a loaded chip holds the same bits as the compiled one. Version 1 stored every
/// value as float32 and a fault and a count byte for every device (10 bytes a device against 4 now).
/// </summary>
internal static class ChipImageFormat
{
    public const int FormatVersion = 2;
    public const int SectionCount = 4;
    public const int EntrySize = 4 + 8 + 8 + 32;
    public const int HeaderSize = 8 + 4 + 4 + (SectionCount * EntrySize) + 32;

    public static ReadOnlySpan<byte> Magic => "MFCHIP\r\n"u8;

    public static string SectionName(int id) => id switch
    {
        0 => "manifest",
        1 => "hardware",
        2 => "model",
        3 => "devices",
        _ => $"#{id}",
    };

    public static byte[] WriteHeader(IReadOnlyList<SectionEntry> sections)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), SectionCount);
        for (int i = 0; i < SectionCount; i++)
        {
            var e = header.AsSpan(16 + (i * EntrySize), EntrySize);
            BinaryPrimitives.WriteUInt32LittleEndian(e, (uint)sections[i].Id);
            BinaryPrimitives.WriteInt64LittleEndian(e[4..], sections[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(e[12..], sections[i].Length);
            sections[i].Sha256.CopyTo(e[20..]);
        }

        SHA256.HashData(header.AsSpan(0, HeaderSize - 32), header.AsSpan(HeaderSize - 32));
        return header;
    }

    /// <summary>Reads and checks the header of a file of <paramref name="fileLength"/> bytes; errors name <paramref name="path"/>.</summary>
    public static SectionEntry[] ReadHeader(Stream stream, long fileLength, string path)
    {
        if (fileLength < 16)
        {
            throw Error(path, $"truncated: the header needs at least 16 bytes, the file has {fileLength}");
        }

        var header = new byte[HeaderSize];
        stream.ReadExactly(header, 0, (int)Math.Min(HeaderSize, fileLength));
        if (!header.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw Error(path, $"not a Memflux chip image: expected the magic bytes {Convert.ToHexString(Magic)} (\"MFCHIP\\r\\n\"), found {Convert.ToHexString(header, 0, 8)}");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        if (version != FormatVersion)
        {
            string why = version > FormatVersion ? "a newer memflux wrote it; upgrade to read it"
                : version >= 1 ? "an older memflux wrote it, storing every device in full precision; compile the model again to get this version"
                : "not a version this memflux knows";
            throw Error(path, $"format version: expected {FormatVersion}, found {version} ({why})");
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12));
        if (count != SectionCount)
        {
            throw Error(path, $"header: expected {SectionCount} sections, found {count} (the header is damaged)");
        }

        if (fileLength < HeaderSize)
        {
            throw Error(path, $"truncated: the header needs {HeaderSize} bytes, the file has {fileLength}");
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(header.AsSpan(0, HeaderSize - 32), hash);
        if (!hash.SequenceEqual(header.AsSpan(HeaderSize - 32)))
        {
            throw Error(path, $"checksum mismatch in the header (section table): expected SHA-256 {Convert.ToHexString(header, HeaderSize - 32, 32)}, found {Convert.ToHexString(hash)}; the file was edited or damaged");
        }

        var sections = new SectionEntry[SectionCount];
        long expectedOffset = HeaderSize;
        for (int i = 0; i < SectionCount; i++)
        {
            var e = header.AsSpan(16 + (i * EntrySize), EntrySize);
            var entry = new SectionEntry((int)BinaryPrimitives.ReadUInt32LittleEndian(e), BinaryPrimitives.ReadInt64LittleEndian(e[4..]), BinaryPrimitives.ReadInt64LittleEndian(e[12..]), e[20..].ToArray());
            if (entry.Id != i || entry.Offset != expectedOffset || entry.Length < 0)
            {
                throw Error(path, $"section table entry {i}: expected section '{SectionName(i)}' at byte {expectedOffset}, found section '{SectionName(entry.Id)}' at byte {entry.Offset} with length {entry.Length}");
            }

            if (entry.End > fileLength)
            {
                throw Error(path, $"truncated: section '{SectionName(i)}' ends at byte {entry.End}, the file has {fileLength} bytes");
            }

            sections[i] = entry;
            expectedOffset = entry.End;
        }

        if (fileLength != expectedOffset)
        {
            throw Error(path, $"length: expected {expectedOffset} bytes (the end of the last section), found {fileLength}; the file was edited or damaged");
        }

        return sections;
    }

    public static MemfluxException Error(string path, string what) => new($"{path}: chip image: {what}.");
}

/// <summary>One entry of the section table.</summary>
internal readonly record struct SectionEntry(int Id, long Offset, long Length, byte[] Sha256)
{
    public long End => Offset + Length;
}
