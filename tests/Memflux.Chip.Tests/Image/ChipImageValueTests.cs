using System.Text.Json.Nodes;
using Memflux.Chip.Analog;
using Memflux.Chip.Image;
using Memflux.Numerics;
using static Memflux.Chip.Tests.Image.ChipImageFixture;

namespace Memflux.Chip.Tests.Image;

/// <summary>
/// A chip image whose checksums are right but whose values are absurd (an edit re-checksummed by hand) is refused on
/// load, naming the file and the value (issue 18 §3/§4).
/// </summary>
public sealed class ChipImageValueTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mfchip-values-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(float.NaN, "programmed conductance NaN µS; expected a finite value within ±1000000")]
    [InlineData(1e30f, "programmed conductance 1E+30 µS")]
    public void Absurd_device_values_are_refused_on_load(float value, string expected)
    {
        var chip = AnalogChip.Create(Import(), SmallTiles(AnalogPreset.Pcm), seed: 3);
        var block = chip.Layers[0].Matrices[0].Tiles[1].State.Devices[0];
        block.Set(5, value, block.DriftAt(5)); // saved with valid hashes
        string path = Path.Combine(_directory, "absurd.mfchip");
        Save(path, chip);
        var e = Assert.Throws<MemfluxException>(() => ChipImage.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("matrix 0 tile 1: block 0 device 5: " + expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_declaring_more_tiles_than_the_devices_section_holds_is_refused_before_allocating()
    {
        var json = JsonNode.Parse("""
            {"layers": [{"key": "y", "programmed_at_s": 0, "matrices": [{"seed": 1, "id": 0, "epoch": 0, "inputs": 4, "outputs": 4,
              "last_read_s": 0, "last_read_index": 0, "calls_since_read": 0, "tiles": 2000000000}]}],
             "seed": 0, "time_s": 0, "reads": 0, "programmings": 1, "model_name": "m", "hardware_name": "h", "preset": {}}
            """)!.AsObject();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<MemfluxException>(() => ChipImageManifest.FromJson(json, "x.mfchip: chip image manifest", maxTiles: 1000));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the refusal allocated the tile arrays");
        Assert.Equal("x.mfchip: chip image manifest: the matrices declare 2000000000 tiles or more; expected 0 to 1000 (what the devices section holds).", e.Message);
    }
}
