using System.Text.Json;
using System.Text.Json.Nodes;
using Memflux.Chip.Hardware;

namespace Memflux.Cli.Tests;

public sealed class HwTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-hw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("isaac")]
    [InlineData("hermes")]
    [InlineData("hermes-4phase")]
    [InlineData("generic-rram")]
    public void Show_json_has_the_documented_keys_and_the_roll_up(string preset)
    {
        var result = Cli.Run("hw", "show", preset, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Err);
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        foreach (string key in new[] { "peak_tops", "peak_tops_per_watt", "power_w", "area_mm2", "adc_power_fraction", "components" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        }

        var peak = PeakFigures.Of(ChipPresets.Get(preset));
        Assert.Equal(peak.PeakTops, root.GetProperty("peak_tops").GetDouble(), 9);
        Assert.Equal(peak.PowerW, root.GetProperty("power_w").GetDouble(), 9);
        Assert.Equal(peak.AreaMm2, root.GetProperty("area_mm2").GetDouble(), 9);
        Assert.Equal(peak.AdcPowerFraction, root.GetProperty("adc_power_fraction").GetDouble(), 9);
        Assert.Equal(
            root.GetProperty("power_w").GetDouble(),
            root.GetProperty("components").EnumerateArray().Sum(c => c.GetProperty("power_w").GetDouble()),
            9);
    }

    [Fact]
    public void Show_table_lists_components_and_peak_figures()
    {
        var result = Cli.Run("hw", "show", "isaac");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("hypertransport", result.Out, StringComparison.Ordinal);
        Assert.Contains("Peak: ", result.Out, StringComparison.Ordinal);
        Assert.Contains("65.808 W, 85.425 mm²", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_reads_a_file()
    {
        string path = Write("mine.json", ChipPresets.Json("hermes"));
        var result = Cli.Run("hw", "show", path, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("hermes", JsonDocument.Parse(result.Out).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void Validate_accepts_a_good_file_with_one_line()
    {
        string path = Write("good.json", ChipPresets.Json("generic-rram"));
        var result = Cli.Run("hw", "validate", path);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"OK: {path} is a valid chip spec 'generic-rram' (48 cores, 48 tiles).\n", result.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Validate_rejects_a_bad_field_with_exit_2_naming_file_and_field()
    {
        var root = JsonNode.Parse(ChipPresets.Json("isaac"))!;
        root["core"]!["adc"]!["bits"] = 0;
        string path = Write("bad.json", root.ToJsonString());
        var result = Cli.Run("hw", "validate", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith($"error: {path}: invalid chip spec:", result.Err, StringComparison.Ordinal);
        Assert.Contains("$.core.adc.bits: expected an integer in [1, 32], found 0.", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_of_a_bad_file_is_exit_2_too()
    {
        var root = JsonNode.Parse(ChipPresets.Json("isaac"))!;
        root["core"]!["tiles"]!["colour"] = "blue";
        string path = Write("unknown-field.json", root.ToJsonString());
        var result = Cli.Run("hw", "show", path, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("$.core.tiles.colour: unknown field", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_preset_or_missing_file_is_exit_2()
    {
        var result = Cli.Run("hw", "show", "tpu-v9");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tpu-v9: neither a hardware preset (isaac, hermes, hermes-4phase, generic-rram) nor an existing file.", result.Err, StringComparison.Ordinal);
        var missing = Cli.Run("hw", "validate", Path.Combine(_dir, "missing.json"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("missing.json: hardware file not found.", missing.Err, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
