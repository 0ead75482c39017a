using System.Text.Json.Nodes;
using Memflux.Chip.Hardware;
using Memflux.Numerics;

namespace Memflux.Chip.Tests.Hardware;

public class ChipSpecLoaderTests
{
    [Theory]
    [InlineData("isaac")]
    [InlineData("hermes")]
    [InlineData("hermes-4phase")]
    [InlineData("generic-rram")]
    public void Every_preset_round_trips_through_json(string name)
    {
        var spec = ChipPresets.Get(name);
        string json = ChipSpecLoader.ToJson(spec);
        var back = ChipSpecLoader.Parse(json, "round-trip");
        Assert.Equal(json, ChipSpecLoader.ToJson(back));
        Assert.Equal(PeakFigures.Of(spec).PowerW, PeakFigures.Of(back).PowerW);
        Assert.Equal(name, back.Name);
    }

    [Fact]
    public void Written_json_uses_snake_case_fields_with_units()
    {
        string json = ChipSpecLoader.ToJson(ChipPresets.Isaac);
        Assert.Contains("\"energy_per_conversion_pj\"", json, StringComparison.Ordinal);
        Assert.Contains("\"conversion_time_ns\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("is_bit_serial", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_reads_a_file_and_a_missing_file_is_an_error_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), $"memflux-hw-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, ChipPresets.Json("hermes"));
        try
        {
            Assert.Equal("hermes", ChipSpecLoader.Load(path).Name);
        }
        finally
        {
            File.Delete(path);
        }

        var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("core.adc.bits", "0", "$.core.adc.bits: expected an integer in [1, 32], found 0.")]
    [InlineData("core.adc.energy_per_conversion_pj", "-1", "$.core.adc.energy_per_conversion_pj: expected a value in [0, 1000000000], found -1.")]
    [InlineData("core.input.step_time_ns", "0", "$.core.input.step_time_ns: expected a value in [1E-06, 1000000000], found 0.")]
    [InlineData("core.input.encoding", "\"thermometer\"", "$.core.input.encoding: expected one of bit_serial, pulse_width, found \"thermometer\".")]
    [InlineData("core.tiles.cols_per_weight", "3", "$.core.tiles.cols_per_weight: expected a divisor of cols (128), found 3.")]
    [InlineData("core.tiles.devices_per_weight", "4", "$.core.tiles.devices_per_weight: expected a multiple of rows_per_weight × cols_per_weight (8) in [1, 64], found 4.")]
    [InlineData("core.buffers[0].role", "\"scratch\"", "$.core.buffers[0].role: expected one of input, output, input_output, found \"scratch\".")]
    [InlineData("cores.mesh_rows", "2", "$.cores: expected mesh_rows × mesh_cols ≥ count (168), found 2 × 12.")]
    [InlineData("core.read_phases", "0", "$.core.read_phases: expected an integer in [1, 16], found 0.")]
    [InlineData("noc.link_bandwidth_gbps", "0", "$.noc.link_bandwidth_gbps: expected a value in [1E-06, 1000000], found 0.")]
    [InlineData("chip_components[0].power_mw", "-5", "$.chip_components[0].power_mw: expected a value in [0, 1000000000], found -5.")]
    [InlineData("core.adc.bits", "8.5", "$.core.adc.bits: expected an integer, found 8.5.")]
    [InlineData("core.adc.bits", "\"8\"", "$.core.adc.bits: expected an integer, found the string \"8\".")]
    [InlineData("core.adc.overlaps_input", "1", "$.core.adc.overlaps_input: expected true or false, found 1.")]
    [InlineData("core.tiles", "[]", "$.core.tiles: expected an object, found an array.")]
    [InlineData("core.adc.source", "\"a datasheet\"", "$.core.adc.source: expected a source citing a key of $.citations in brackets")]
    [InlineData("core.adc.source", "\"[nobody2020] Table 1\"", "$.core.adc.source: expected citation keys defined in $.citations")]
    [InlineData("core.other_components[0].name", "\"adc\"", "$.core.other_components[0].name: expected a name no other component has, found \"adc\".")]
    public void A_bad_field_is_an_error_naming_file_path_range_and_value(string path, string value, string expected)
    {
        var e = LoadEdited(root => Set(root, path, JsonNode.Parse(value)));
        Assert.StartsWith("isaac-edited.json: invalid chip spec:", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void An_unknown_field_is_an_error_listing_the_known_ones()
    {
        var e = LoadEdited(root => root["core"]!["adc"]!["gain"] = 2);
        Assert.Contains("$.core.adc.gain: unknown field; expected one of: type, bits, columns_per_adc,", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_field_is_an_error_naming_it()
    {
        var e = LoadEdited(root => root["core"]!["adc"]!.AsObject().Remove("conversion_time_ns"));
        Assert.Contains("$.core.adc.conversion_time_ns: missing field.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_where_a_value_belongs_is_an_error()
    {
        var e = LoadEdited(root => root["noc"] = null);
        Assert.Contains("$.noc: expected an object, found null.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        var e = LoadEdited(root =>
        {
            root["core"]!["adc"]!["bits"] = 0;
            root["process_node_nm"] = -1;
        });
        Assert.Contains("$.core.adc.bits", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.process_node_nm", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_and_devices_are_errors_not_replaced_or_read_forever()
    {
        string path = Path.Combine(Path.GetTempPath(), $"memflux-hw-{Guid.NewGuid():N}.json");
        byte[] json = System.Text.Encoding.UTF8.GetBytes(ChipPresets.Json("hermes"));
        int at = Array.IndexOf(json, (byte)'I'); // inside the description
        json[at] = 0xFF;
        File.WriteAllBytes(path, json);
        try
        {
            var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Load(path));
            Assert.Contains($"{path}: the chip spec is not valid UTF-8 (byte {at} is 0xff)", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }

        if (OperatingSystem.IsLinux())
        {
            var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Load("/dev/zero"));
            Assert.Contains("is a character device; expected a regular file holding the chip spec", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_duplicate_key_is_an_error_not_the_last_one_winning()
    {
        string json = ChipPresets.Json("hermes").Replace("\"citations\": {", "\"citations\": {\n    \"legallo2023\": \"a second, different reference\",", StringComparison.Ordinal);
        var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Parse(json, "dup.json"));
        Assert.Contains("dup.json: not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.Contains("legallo2023", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_is_an_error_naming_the_file_and_line()
    {
        var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Parse("{\n  \"name\": ", "broken.json"));
        Assert.StartsWith("broken.json: not valid JSON (line ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_preset_names_the_choices()
    {
        var e = Assert.Throws<MemfluxException>(() => ChipPresets.Get("tpu"));
        Assert.Contains("isaac, hermes, hermes-4phase, generic-rram", e.Message, StringComparison.Ordinal);
    }

    private static MemfluxException LoadEdited(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(ChipPresets.Json("isaac"))!.AsObject();
        edit(root);
        return Assert.Throws<MemfluxException>(() => ChipSpecLoader.Parse(root.ToJsonString(), "isaac-edited.json"));
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonNode node = root;
        string[] parts = path.Split('.');
        foreach (string part in parts[..^1])
        {
            node = Step(node, part);
        }

        string last = parts[^1];
        int bracket = last.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            var array = node[last[..bracket]]!.AsArray();
            array[int.Parse(last[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            node[last] = value;
        }
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        int bracket = part.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0
            ? node[part]!
            : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
    }
}
