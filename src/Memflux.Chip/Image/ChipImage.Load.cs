using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Memflux.Chip.Hardware;
using Memflux.Numerics;

namespace Memflux.Chip.Image;

/// <summary>Reading and verifying a chip image.</summary>
public sealed partial class ChipImage
{
    /// <summary>Reads and verifies the whole image, device state included; errors name <paramref name="path"/> and what is wrong.</summary>
    public static ChipImage Load(string path) => Read(path, withDevices: true);

    /// <summary>
    /// Reads and verifies only the model, hardware and manifest sections (no device arrays): what a cost estimate needs
    /// (<see cref="ModelBytes"/>, <see cref="Hardware"/>, <see cref="Preset"/>). <see cref="CreateChip"/> is unavailable.
    /// </summary>
    public static ChipImage LoadHeader(string path) => Read(path, withDevices: false);

    private static ChipImage Read(string path, bool withDevices)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            return Read(stream, path, withDevices);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MemfluxException($"{path}: chip image not found.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MemfluxException($"{path}: cannot read the chip image ({e.Message}).", e);
        }
    }

    private static ChipImage Read(FileStream stream, string path, bool withDevices)
    {
        var sections = ChipImageFormat.ReadHeader(stream, stream.Length, path);
        var manifestJson = ParseJson(ReadVerified(stream, sections[0], path), path, "manifest");
        // Each tile takes at least its 12-byte header in the devices section: a bound on what the manifest may declare.
        var manifest = ChipImageManifest.FromJson(manifestJson, $"{path}: chip image manifest", maxTiles: sections[3].Length / 12);
        var preset = PresetCodec.FromJson(manifest.Preset, $"{path}: chip image manifest: preset");
        var hardware = ChipSpecLoader.Parse(Encoding.UTF8.GetString(ReadVerified(stream, sections[1], path)), $"{path}: chip image hardware section");
        byte[] model = ReadVerified(stream, sections[2], path);
        if (!withDevices)
        {
            return new ChipImage(path, model, hardware, manifest, preset, null);
        }

        using var reader = new SectionReader(stream, sections[3]);
        string? mismatch;
        try
        {
            mismatch = DevicesSection.Read(reader, manifest.State, preset.Tiles, preset.Device().StateResolution);
        }
        catch (SectionOverrunException)
        {
            mismatch = "the section ends before the last tile";
        }

        VerifyHash(reader, path);
        if (mismatch is not null)
        {
            throw ChipImageFormat.Error(path, $"section 'devices' does not match the manifest: {mismatch}");
        }

        return new ChipImage(path, model, hardware, manifest, preset, manifest.State);
    }

    private static byte[] ReadVerified(Stream stream, SectionEntry entry, string path)
    {
        if (entry.Length > Array.MaxLength)
        {
            throw ChipImageFormat.Error(path, $"section '{ChipImageFormat.SectionName(entry.Id)}': {entry.Length} bytes is more than one array holds");
        }

        var bytes = new byte[entry.Length];
        using var reader = new SectionReader(stream, entry);
        reader.Read<byte>(bytes);
        VerifyHash(reader, path);
        return bytes;
    }

    private static void VerifyHash(SectionReader reader, string path)
    {
        if (!reader.FinishAndVerify(out byte[] actual))
        {
            var e = reader.Entry;
            throw ChipImageFormat.Error(path, $"checksum mismatch in section '{ChipImageFormat.SectionName(e.Id)}' (bytes {e.Offset}..{e.End - 1}): expected SHA-256 {Convert.ToHexString(e.Sha256)}, found {Convert.ToHexString(actual)}; the file was edited or damaged");
        }
    }

    private static JsonObject ParseJson(byte[] bytes, string path, string section)
    {
        try
        {
            return JsonNode.Parse(bytes)?.AsObject() ?? throw ChipImageFormat.Error(path, $"section '{section}': expected a JSON object, found null");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw ChipImageFormat.Error(path, $"section '{section}': not a JSON object ({e.Message})");
        }
    }
}
