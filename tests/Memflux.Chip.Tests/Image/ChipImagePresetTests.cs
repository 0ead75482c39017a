using System.Text;
using System.Text.Json.Nodes;
using Memflux.Chip.Analog;
using Memflux.Chip.Image;
using Memflux.Numerics;
using static Memflux.Chip.Tests.Image.ChipImageFixture;

namespace Memflux.Chip.Tests.Image;

/// <summary>
/// A chip image whose stored preset holds values its own checks refuse (an edit re-checksummed by hand) is an error
/// naming the image file; those checks named only the field (issue 18 §6).
/// </summary>
public sealed class ChipImagePresetTests : IDisposable
{
    private const string Source = "x.mfchip: chip image manifest: preset";

    private readonly string _directory = Directory.CreateTempSubdirectory("mfchip-preset-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string, string> BadValues => new()
    {
        { "device.parameters.GMaxMicroSiemens=-5", "GMaxMicroSiemens" },
        { "device.non_idealities.ProgrammableLevels=1", "ProgrammableLevels must be at least 2" },
        { "device.non_idealities.StuckAtMinFraction=0.9,device.non_idealities.StuckAtMaxFraction=0.9", "stuck-at fractions must sum to at most 1" },
        { "tiles.Rows=0", "TileConfig.Rows: expected ≥ 1, found 0" },
        { "tiles.OutputNoise=-1", "TileConfig.OutputNoise" },
        { "tiles.Mapping=null", "Mapping" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Preset_values_refused_by_their_checks_name_the_image(string edits, string expected)
    {
        var json = PresetCodec.ToJson(AnalogPreset.Pcm);
        Edit(json, edits);
        var e = Assert.Throws<MemfluxException>(() => PresetCodec.FromJson(json, Source));
        Assert.StartsWith(Source + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_re_checksummed_image_with_a_bad_preset_value_is_refused_naming_the_file()
    {
        string path = Path.Combine(_directory, "edited.mfchip");
        Save(path, AnalogChip.Create(Import(), SmallTiles(AnalogPreset.Pcm), seed: 3));
        RewriteManifest(path, manifest => Edit(manifest["preset"]!.AsObject(), "device.parameters.GMaxMicroSiemens=-5"));
        var e = Assert.Throws<MemfluxException>(() => ChipImage.Load(path));
        Assert.StartsWith($"{path}: chip image manifest: preset: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("GMaxMicroSiemens", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Applies comma-separated <c>a.b.c=value</c> edits (value: JSON) to <paramref name="json"/>.</summary>
    private static void Edit(JsonObject json, string edits)
    {
        foreach (string edit in edits.Split(','))
        {
            string[] parts = edit.Split('=');
            string[] path = parts[0].Split('.');
            var at = json;
            foreach (string key in path[..^1])
            {
                at = at[key]!.AsObject();
            }

            Assert.True(at.ContainsKey(path[^1]), $"no field {parts[0]} in the preset JSON");
            at[path[^1]] = JsonNode.Parse(parts[1]);
        }
    }

    /// <summary>Rewrites the manifest section of the image at <paramref name="path"/> and recomputes every checksum, as a careful hand edit would.</summary>
    private static void RewriteManifest(string path, Action<JsonObject> edit)
    {
        byte[] file = File.ReadAllBytes(path);
        SectionEntry[] sections;
        using (var stream = new MemoryStream(file, writable: false))
        {
            sections = ChipImageFormat.ReadHeader(stream, file.Length, path);
        }

        var manifest = JsonNode.Parse(file.AsSpan((int)sections[0].Offset, (int)sections[0].Length))!.AsObject();
        edit(manifest);
        byte[][] bodies = [Encoding.UTF8.GetBytes(manifest.ToJsonString()), .. sections.Skip(1).Select(s => file.AsSpan((int)s.Offset, (int)s.Length).ToArray())];
        var entries = new List<SectionEntry>();
        long offset = ChipImageFormat.HeaderSize;
        for (int i = 0; i < bodies.Length; i++)
        {
            entries.Add(new SectionEntry(i, offset, bodies[i].Length, System.Security.Cryptography.SHA256.HashData(bodies[i])));
            offset += bodies[i].Length;
        }

        File.WriteAllBytes(path, [.. ChipImageFormat.WriteHeader(entries), .. bodies.SelectMany(b => b)]);
    }
}
