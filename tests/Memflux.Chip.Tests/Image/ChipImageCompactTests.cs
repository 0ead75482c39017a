using System.Buffers.Binary;
using Memflux.Chip.Analog;
using Memflux.Chip.Image;
using Memflux.Tiles;
using static Memflux.Chip.Tests.Image.ChipImageFixture;

namespace Memflux.Chip.Tests.Image;

/// <summary>
/// Issue 14 §3: the devices section stores the state as 16-bit codes on the device model's grids (4 bytes a PCM device
/// instead of 10), still bit-exactly, and falls back to float32 for a block holding a value off the grid.
/// </summary>
public sealed class ChipImageCompactTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mfchip-compact-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void APcmChipTakesFourBytesADeviceAndLoadsWithTheSameBits()
    {
        var graph = Import();
        var chip = AnalogChip.Create(graph, SmallTiles(AnalogPreset.Pcm), seed: 4);
        string path = Path.Combine(_directory, "pcm.mfchip");
        Save(path, chip);

        var tiles = States(chip);
        long expected = tiles.Sum(t => 12 + (16L * t.ColumnScales.Length) + t.Devices.Sum(d => 1 + 8 + 8 + (4L * d.Count)));
        Assert.Equal(expected, DevicesSectionLength(path));
        AssertSameDevices(chip, ChipImage.Load(path).CreateChip(Import()));
    }

    [Fact]
    public void ABlockWithAValueOffTheGridIsStoredInFullPrecisionAndTheRestStaysCompact()
    {
        var graph = Import();
        var chip = AnalogChip.Create(graph, SmallTiles(AnalogPreset.Pcm), seed: 4);
        string compact = Path.Combine(_directory, "compact.mfchip"), mixed = Path.Combine(_directory, "mixed.mfchip");
        Save(compact, chip);
        var block = States(chip)[1].Devices[0];
        block.Set(5, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(block.ProgrammedAt(5)) + 1), block.DriftAt(5)); // one ulp off the grid
        Assert.Null(block.PlainCodes); // held in full beside the codes
        Save(mixed, chip);

        Assert.Equal(DevicesSectionLength(compact) + (2L * block.Count) - 8, DevicesSectionLength(mixed)); // float32 values, no grid
        AssertSameDevices(chip, ChipImage.Load(mixed).CreateChip(Import()));
    }

    [Fact]
    public void AnIdealChipKeepsFullPrecision()
    {
        var graph = Import();
        var chip = AnalogChip.Create(graph, SmallTiles(AnalogPreset.Ideal), seed: 4);
        string path = Path.Combine(_directory, "ideal.mfchip");
        Save(path, chip);

        long expected = States(chip).Sum(t => 12 + (16L * t.ColumnScales.Length) + t.Devices.Sum(d => 1 + (8L * d.Count)));
        Assert.Equal(expected, DevicesSectionLength(path));
        AssertSameDevices(chip, ChipImage.Load(path).CreateChip(Import()));
    }

    private static List<TileState> States(AnalogChip chip) => [.. chip.Layers.SelectMany(l => l.Matrices).SelectMany(m => m.TileStates)];

    /// <summary>The length of section 3 (devices) from the section table.</summary>
    private static long DevicesSectionLength(string path)
    {
        byte[] header = File.ReadAllBytes(path).AsSpan(0, ChipImageFormat.HeaderSize).ToArray();
        var entry = header.AsSpan(16 + (3 * ChipImageFormat.EntrySize));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(entry));
        return BinaryPrimitives.ReadInt64LittleEndian(entry[12..]);
    }
}
