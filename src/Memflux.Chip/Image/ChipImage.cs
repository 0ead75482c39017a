using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Devices;
using Memflux.Graph;
using Memflux.Numerics;

namespace Memflux.Chip.Image;

/// <summary>
/// A programmed chip saved to a <c>.mfchip</c> file: the ONNX model (so the image stands alone), the hardware spec, the
/// analog preset's values, the chip's seed, time and counters, and every device's persistent state. Loading rebuilds
/// the chip without re-sampling, bit for bit (<see cref="CreateChip"/>). The file is versioned and every section
/// carries a SHA-256; a truncated, edited or foreign file is a <see cref="MemfluxException"/> naming the file and what
/// is wrong. Layout: <see cref="ChipImageFormat"/>.
/// </summary>
public sealed partial class ChipImage
{
    /// <summary>The file extension of chip images.</summary>
    public const string Extension = ".mfchip";

    private ChipImage(string path, byte[] modelBytes, ChipSpec hardware, ChipImageManifest manifest, AnalogPreset preset, AnalogChipState? state)
    {
        Path = path;
        ModelBytes = modelBytes;
        Hardware = hardware;
        ModelName = manifest.ModelName;
        HardwareName = manifest.HardwareName;
        Preset = preset;
        Seed = manifest.State.Seed;
        TimeSeconds = manifest.State.TimeSeconds;
        _state = state;
        LayerCount = manifest.State.Layers.Count;
        TileCount = manifest.State.Layers.Sum(l => l.Matrices.Sum(m => m.Tiles.Count));
    }

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private readonly AnalogChipState? _state;

    /// <summary>The current format version (an image of a newer version is refused with a clear error).</summary>
    public static int FormatVersion => ChipImageFormat.FormatVersion;

    /// <summary>The file the image was read from.</summary>
    public string Path { get; }

    /// <summary>The ONNX model the chip was programmed with.</summary>
    public byte[] ModelBytes { get; }

    /// <summary>The model's name (its file name or zoo name when compiled).</summary>
    public string ModelName { get; }

    /// <summary>The hardware spec the chip was compiled for.</summary>
    public ChipSpec Hardware { get; }

    /// <summary>The hardware's name (preset name or file) when compiled.</summary>
    public string HardwareName { get; }

    /// <summary>The analog preset rebuilt from the stored values (not from the current preset of that name).</summary>
    public AnalogPreset Preset { get; }

    /// <summary>
    /// Whether this version's preset of the same name still holds the same device and periphery values (the tile size
    /// aside, which compile takes from the hardware). When false, the image's stored values are the ones used. Always
    /// true for a custom device from a CSV: the image stores its table, there is no named preset to differ from.
    /// </summary>
    public bool PresetMatchesCurrent =>
        Preset.Device() is CustomDevice
        || AnalogPreset.All.FirstOrDefault(p => p.Name == Preset.Name) is { } current
        && PresetCodec.SameValues(current with { Tiles = current.Tiles with { Rows = Preset.Tiles.Rows, Columns = Preset.Tiles.Columns } }, Preset);

    /// <summary>The chip's seed.</summary>
    public ulong Seed { get; }

    /// <summary>Chip time (s) when saved.</summary>
    public double TimeSeconds { get; }

    /// <summary>Analog layers on the chip.</summary>
    public int LayerCount { get; }

    /// <summary>Crossbar tiles on the chip.</summary>
    public int TileCount { get; }

    /// <summary>Whether the device state was read (false for <see cref="LoadHeader"/>).</summary>
    public bool HasDeviceState => _state is not null;

    /// <summary>
    /// Rebuilds the stored chip on <paramref name="graph"/> (the image's model imported at any batch size), at its stored
    /// time, ready to run. The device arrays are shared with this image: create one chip per loaded image.
    /// </summary>
    public AnalogChip CreateChip(ComputeGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var state = _state ?? throw new InvalidOperationException("the image was loaded without its device state (LoadHeader); use Load.");
        try
        {
            return AnalogChip.Restore(graph, Preset, state);
        }
        catch (MemfluxException e)
        {
            throw new MemfluxException($"{Path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Writes <paramref name="chip"/> with its model and hardware to <paramref name="path"/> (through <see cref="SafeFile"/>, so
    /// a failed write leaves no partial image), streaming one array at a time. Returns the file size in bytes.
    /// </summary>
    public static long Save(string path, AnalogChip chip, byte[] modelBytes, string modelName, ChipSpec hardware, string hardwareName) =>
        Save(path, chip, ChipImageModel.Of(modelBytes ?? throw new ArgumentNullException(nameof(modelBytes))), modelName, hardware, hardwareName);

    /// <summary>Writes <paramref name="chip"/> as <see cref="Save(string, AnalogChip, byte[], string, ChipSpec, string)"/> does, its model from <paramref name="model"/>.</summary>
    public static long Save(string path, AnalogChip chip, ChipImageModel model, string modelName, ChipSpec hardware, string hardwareName)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(hardwareName);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("chip images are written little-endian; this platform is big-endian.");
        }

        var manifest = new ChipImageManifest(modelName, hardwareName, PresetCodec.ToJson(chip.Preset), chip.CaptureState());
        long size = 0;
        SafeFile.WriteLarge(path, "the chip image", stream =>
        {
            stream.Write(new byte[ChipImageFormat.HeaderSize]);
            var sections = new SectionEntry[ChipImageFormat.SectionCount];
            sections[0] = WriteSection(stream, 0, w => w.Write(JsonBytes(manifest.ToJson())));
            sections[1] = WriteSection(stream, 1, w => w.Write(Encoding.UTF8.GetBytes(ChipSpecLoader.ToJson(hardware))));
            sections[2] = WriteSection(stream, 2, model.WriteTo);
            sections[3] = WriteSection(stream, 3, w => DevicesSection.Write(w, manifest.State, chip.Device.StateResolution));
            size = stream.Length;
            stream.Position = 0;
            stream.Write(ChipImageFormat.WriteHeader(sections));
        });
        return size;
    }

    private static SectionEntry WriteSection(Stream stream, int id, Action<SectionWriter> write)
    {
        using var writer = new SectionWriter(stream, id);
        write(writer);
        return writer.Finish();
    }

    private static byte[] JsonBytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(IndentedJson));
}
