using Memflux.Chip.Analog;
using Memflux.Chip.Image;
using static Memflux.Chip.Tests.Image.ChipImageFixture;

namespace Memflux.Chip.Tests.Image;

/// <summary>Issue 5 §6 and issue 4 §2: a saved chip loads bit-exactly, without re-sampling, and continues as the original.</summary>
public sealed class ChipImageRoundTripTests : IDisposable
{
    private const double OneDay = 86_400, OneYear = 365.25 * OneDay;
    private readonly string _directory = Directory.CreateTempSubdirectory("mfchip-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Presets => ["pcm", "ideal", "pcm-aihwkit", "pcm-hermes", "rram"];

    [Theory]
    [MemberData(nameof(Presets))]
    public void RoundTripIsBitExactAndContinuesLikeTheOriginal(string presetName)
    {
        var graph = Import();
        var preset = SmallTiles(AnalogPreset.Get(presetName));
        var original = AnalogChip.Create(graph, preset, seed: 11);
        Assert.True(original.Layers.Sum(l => l.Matrices.Sum(m => m.TileCount)) >= 8, "the model must span several tiles");
        original.AdvanceTo(OneDay);
        _ = Run(graph, original, Input(1)); // one call after the read: the output-noise counter must survive the round trip
        string path = Path.Combine(_directory, "chip.mfchip");
        Assert.True(Save(path, original) > 0);

        var image = ChipImage.Load(path);
        var loaded = image.CreateChip(Import());
        Assert.Equal(OneDay, loaded.TimeSeconds);
        Assert.Equal(original.ReadCount, loaded.ReadCount);
        Assert.Equal(11UL, image.Seed);
        Assert.True(image.PresetMatchesCurrent); // only the tile size differs from the named preset
        AssertSameDevices(original, loaded);
        AssertSameBits(Run(graph, original, Input(2)), Run(graph, loaded, Input(2)));

        original.AdvanceTo(OneYear);
        loaded.AdvanceTo(OneYear);
        AssertSameBits(Run(graph, original, Input(3)), Run(graph, loaded, Input(3)));

        original.Program("h");
        loaded.Program("h");
        AssertSameDevices(original, loaded);
        AssertSameBits(Run(graph, original, Input(4)), Run(graph, loaded, Input(4)));
    }

    [Fact]
    public void DevicesKeepFaultsAndProgramCountsOnlyWhereThereAreAnyAndTheImageRestoresThat()
    {
        var graph = Import();
        var faulty = SmallTiles(AnalogPreset.Pcm) with
        {
            Device = () => new Memflux.Devices.PcmDevice(Memflux.Devices.PcmParameters.Default, new Memflux.Devices.DeviceNonIdealities(StuckAtMinFraction: 0.01, StuckAtMaxFraction: 0.01)),
        };
        foreach (var (preset, faults, verified) in new[] { (SmallTiles(AnalogPreset.PcmHermes), false, false), (faulty, true, false), (SmallTiles(AnalogPreset.Rram), false, true) })
        {
            var original = AnalogChip.Create(graph, preset, seed: 3);
            var states = original.Layers.SelectMany(l => l.Matrices).SelectMany(m => m.TileStates).ToList();
            Assert.Equal(faults, states.Any(t => t.Devices.Any(d => d.Faults is not null)));
            Assert.Equal(verified, states.Any(t => Enumerable.Range(0, t.Devices.Count).Any(p => !t.IsProgrammedOnce(p))));
            Assert.All(states, t => Assert.Equal(t.DeviceCount, t.ProgramIterations.Sum(c => (long)c.Length)));

            string path = Path.Combine(_directory, $"{preset.Name}-{faults}.mfchip");
            Save(path, original);
            var loaded = ChipImage.Load(path).CreateChip(Import());
            var restored = loaded.Layers.SelectMany(l => l.Matrices).SelectMany(m => m.TileStates).ToList();
            for (int t = 0; t < states.Count; t++)
            {
                for (int p = 0; p < states[t].Devices.Count; p++)
                {
                    // A block where no device drew a fault loads without an array, as one with nothing to keep.
                    bool anyFault = states[t].Devices[p].Faults?.AsSpan().ContainsAnyExcept(Memflux.Devices.DeviceFault.None) ?? false;
                    Assert.Equal(!anyFault, restored[t].Devices[p].Faults is null);
                    Assert.Equal(states[t].IsProgrammedOnce(p) || !states[t].ProgramIterations[p].AsSpan().ContainsAnyExcept((byte)1), restored[t].IsProgrammedOnce(p));
                }
            }

            AssertSameDevices(original, loaded);
            AssertSameBits(Run(graph, original, Input(2)), Run(graph, loaded, Input(2)));
        }
    }

    [Fact]
    public void LoadedChipDiffersFromAFreshChipOfAnotherSeed()
    {
        // Guards the test above: outputs of chips with different devices do differ, so bit equality means something.
        var graph = Import();
        var preset = SmallTiles(AnalogPreset.Pcm);
        var a = AnalogChip.Create(graph, preset, seed: 11);
        var b = AnalogChip.Create(graph, preset, seed: 12);
        Assert.NotEqual(Run(graph, a, Input(2)), Run(graph, b, Input(2)));
    }

    [Fact]
    public void StoresPresetValuesNotTheName()
    {
        var graph = Import();
        var changed = SmallTiles(AnalogPreset.Pcm) with { Tiles = SmallTiles(AnalogPreset.Pcm).Tiles with { OutputNoise = 0.07 } };
        var original = AnalogChip.Create(graph, changed, seed: 5);
        string path = Path.Combine(_directory, "changed.mfchip");
        Save(path, original);

        var image = ChipImage.Load(path);
        Assert.Equal("pcm", image.Preset.Name);
        Assert.Equal(changed.Tiles, image.Preset.Tiles);
        Assert.False(image.PresetMatchesCurrent);
        AssertSameBits(Run(graph, original, Input(2)), Run(graph, image.CreateChip(graph), Input(2)));
    }

    [Fact]
    public void LoadHeaderReadsModelAndHardwareWithoutDevices()
    {
        var graph = Import();
        string path = Path.Combine(_directory, "header.mfchip");
        Save(path, AnalogChip.Create(graph, SmallTiles(AnalogPreset.Pcm), seed: 5));

        var header = ChipImage.LoadHeader(path);
        Assert.Equal(Model, header.ModelBytes);
        Assert.Equal("hermes", header.Hardware.Name);
        Assert.Equal("hermes", header.HardwareName);
        Assert.Equal("two-conv", header.ModelName);
        Assert.False(header.HasDeviceState);
        Assert.Throws<InvalidOperationException>(() => header.CreateChip(graph));
    }
}
