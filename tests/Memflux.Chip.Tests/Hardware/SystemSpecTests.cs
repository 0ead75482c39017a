using System.Text.Json.Nodes;
using Memflux.Chip.Hardware;
using Memflux.Numerics;

namespace Memflux.Chip.Tests.Hardware;

/// <summary>The optional <c>system</c> section of a chip spec: parsing, round trips and range checks with JSON paths.</summary>
public class SystemSpecTests
{
    [Theory]
    [InlineData("isaac")]
    [InlineData("hermes")]
    [InlineData("hermes-4phase")]
    [InlineData("generic-rram")]
    public void Every_preset_is_one_chip_of_a_system_whose_link_cites_its_source(string name)
    {
        var system = ChipPresets.Get(name).System;
        Assert.NotNull(system);
        Assert.False(system.Chips.IsAuto);
        Assert.Equal(1, system.Chips.Count);
        Assert.Matches(@"\[[a-z0-9_]+\]", system.Link.Source);
        Assert.Equal(SystemSpec.CoresDigitalWork, system.DigitalWork);
    }

    [Fact]
    public void A_spec_without_a_system_section_loads_as_one_chip()
    {
        var root = Preset();
        root.Remove("system");
        var spec = ChipSpecLoader.Parse(root.ToJsonString(), "old.json");
        Assert.Null(spec.System);
        Assert.DoesNotContain("\"system\"", ChipSpecLoader.ToJson(spec), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"auto\"", true, 0)]
    [InlineData("6", false, 6)]
    public void Chips_is_a_positive_integer_or_auto_and_round_trips(string value, bool auto, int count)
    {
        var root = Preset();
        root["system"]!["chips"] = JsonNode.Parse(value);
        var spec = ChipSpecLoader.Parse(root.ToJsonString(), "edited.json");
        Assert.Equal(auto, spec.System!.Chips.IsAuto);
        Assert.Equal(count, spec.System.Chips.Count);
        var back = ChipSpecLoader.Parse(ChipSpecLoader.ToJson(spec), "round-trip");
        Assert.Equal(spec.System, back.System);
    }

    [Theory]
    [InlineData("chips", "0", "$.system.chips: expected a positive integer or \"auto\", found 0.")]
    [InlineData("chips", "\"many\"", "$.system.chips: expected a positive integer or \"auto\", found the string \"many\".")]
    [InlineData("chips", "2.5", "$.system.chips: expected a positive integer or \"auto\", found 2.5.")]
    [InlineData("topology", "\"torus\"", "$.system.topology: expected one of ring, mesh, switch, found \"torus\".")]
    [InlineData("mesh_rows", "2", "$.system.mesh_rows: expected mesh_rows and mesh_cols both 0 (the squarest grid) or both at least 1, found 2 x 0.")]
    [InlineData("link.bandwidth_gbps", "0", "$.system.link.bandwidth_gbps: expected a value in [1E-06, 1000000000], found 0.")]
    [InlineData("link.energy_per_bit_pj", "-0.5", "$.system.link.energy_per_bit_pj: expected a value in [0, 1000000], found -0.5.")]
    [InlineData("link.latency_ns", "\"fast\"", "$.system.link.latency_ns: expected a number, found the string \"fast\".")]
    [InlineData("link.source", "\"a datasheet\"", "$.system.link.source: expected a source citing a key of $.citations in brackets")]
    [InlineData("digital_work", "\"gpu\"", "$.system.digital_work: expected one of cores, host, found \"gpu\".")]
    [InlineData("digital_work", "\"host\"", "$.system.host: expected a host section (link, throughput_gops, energy_per_op_pj, source) with digital_work \"host\", found none.")]
    [InlineData("link.gain", "2", "$.system.link.gain: unknown field; expected one of: bandwidth_gbps, latency_ns, energy_per_bit_pj, area_mm2, source.")]
    public void A_bad_system_field_is_an_error_naming_its_path(string field, string value, string expected)
    {
        var root = Preset();
        JsonNode node = root["system"]!;
        string[] parts = field.Split('.');
        foreach (string part in parts[..^1])
        {
            node = node[part]!;
        }

        node[parts[^1]] = JsonNode.Parse(value);
        var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Parse(root.ToJsonString(), "hermes-edited.json"));
        Assert.StartsWith("hermes-edited.json: invalid chip spec:", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
    }

    [Theory]
    [InlineData("throughput_gops", "0", "$.system.host.throughput_gops: expected a value in [1E-06, 1000000000], found 0.")]
    [InlineData("energy_per_op_pj", "-1", "$.system.host.energy_per_op_pj: expected a value in [0, 1000000000], found -1.")]
    [InlineData("source", "\"a CPU\"", "$.system.host.source: expected a source citing a key of $.citations in brackets")]
    [InlineData("link.bandwidth_gbps", "\"fast\"", "$.system.host.link.bandwidth_gbps: expected a number, found the string \"fast\".")]
    [InlineData("link.latency_ns", "-3", "$.system.host.link.latency_ns: expected a value in [0, 1000000000], found -3.")]
    [InlineData("cores", "4", "$.system.host.cores: unknown field; expected one of: link, throughput_gops, energy_per_op_pj, source.")]
    public void A_bad_host_field_is_an_error_naming_its_path(string field, string value, string expected)
    {
        var root = Preset();
        root["system"]!["digital_work"] = "host";
        root["system"]!["host"] = JsonNode.Parse("""
            { "link": { "bandwidth_gbps": 252, "latency_ns": 1000, "energy_per_bit_pj": 5, "area_mm2": 0, "source": "[krishnan2022siam] x" },
              "throughput_gops": 1000, "energy_per_op_pj": 70, "source": "[krishnan2022siam] x" }
            """);
        Assert.Equal(SystemSpec.HostDigitalWork, ChipSpecLoader.Parse(root.ToJsonString(), "ok.json").System!.DigitalWork);
        JsonNode node = root["system"]!["host"]!;
        string[] parts = field.Split('.');
        foreach (string part in parts[..^1])
        {
            node = node[part]!;
        }

        node[parts[^1]] = JsonNode.Parse(value);
        var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Parse(root.ToJsonString(), "hermes-host.json"));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void A_missing_system_field_is_an_error_naming_it()
    {
        var root = Preset();
        root["system"]!.AsObject().Remove("topology");
        var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Parse(root.ToJsonString(), "hermes-edited.json"));
        Assert.Contains("$.system.topology: missing field.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixed_mesh_must_hold_the_chips_and_a_ring_has_no_mesh_size()
    {
        var root = Preset();
        root["system"]!["chips"] = 7;
        root["system"]!["mesh_rows"] = 2;
        root["system"]!["mesh_cols"] = 3;
        var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Parse(root.ToJsonString(), "a.json"));
        Assert.Contains("$.system: expected mesh_rows × mesh_cols ≥ chips (7), found 2 × 3.", e.Message, StringComparison.Ordinal);

        root["system"]!["topology"] = "ring";
        e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Parse(root.ToJsonString(), "a.json"));
        Assert.Contains("$.system.mesh_rows: expected mesh_rows and mesh_cols 0 with topology \"ring\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unknown_root_field_message_lists_system()
    {
        var root = Preset();
        root["systems"] = new JsonObject();
        var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Parse(root.ToJsonString(), "a.json"));
        Assert.Contains("$.systems: unknown field; expected one of: name,", e.Message, StringComparison.Ordinal);
        Assert.Contains("citations, system.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_system_is_an_error()
    {
        var root = Preset();
        root["system"] = null;
        var e = Assert.Throws<MemfluxException>(() => ChipSpecLoader.Parse(root.ToJsonString(), "a.json"));
        Assert.Contains("$.system: expected an object, found null.", e.Message, StringComparison.Ordinal);
    }

    private static JsonObject Preset() => JsonNode.Parse(ChipPresets.Json("hermes"))!.AsObject();
}
