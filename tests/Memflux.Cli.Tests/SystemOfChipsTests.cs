using System.Text.Json;
using System.Text.Json.Nodes;
using Memflux.Chip.Hardware;

namespace Memflux.Cli.Tests;

/// <summary>--chips auto|N on estimate, compile, eval and run: networks larger than one chip over a system of chips.</summary>
public sealed class SystemOfChipsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-chips-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Estimate_puts_resnet18_on_the_fewest_hermes_chips_and_reports_them()
    {
        var result = Cli.Run("estimate", "--model", "resnet18", "--hw", "hermes", "--chips", "auto", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        var system = root.GetProperty("system");
        int chips = root.GetProperty("chips").GetInt32();
        long perChip = system.GetProperty("tiles_per_chip").GetInt64();
        long needed = system.GetProperty("tiles_needed").GetInt64();
        Assert.True(chips > 1);
        Assert.True(needed > (chips - 1) * perChip, $"{needed} tiles would fit {chips - 1} chips of {perChip}");
        Assert.Equal(needed, system.GetProperty("chip_tiles_needed").EnumerateArray().Sum(t => t.GetInt64()));
        Assert.All(system.GetProperty("chip_tiles_used").EnumerateArray(), t => Assert.InRange(t.GetInt64(), 1, perChip));
        Assert.True(system.GetProperty("link_bits_per_inference").GetDouble() > 0);
        double linkJ = root.GetProperty("energy").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "chip links").GetProperty("energy_j").GetDouble();
        Assert.Equal(linkJ, system.GetProperty("link_energy_j").GetDouble());
        Assert.True(linkJ > 0);
        Assert.Equal(chips * PeakFigures.Of(ChipPresets.Hermes).PeakTops, root.GetProperty("tops_peak").GetDouble(), 6);

        var text = Cli.Run("estimate", "--model", "resnet18", "--hw", "hermes", "--chips", "auto");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains($"System: {chips} chips (mesh)", text.Out, StringComparison.Ordinal);
        Assert.Contains("Chip links: ", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void One_chip_for_resnet18_on_hermes_is_an_error_saying_how_many_chips_it_needs()
    {
        var result = Cli.Run("estimate", "--model", "resnet18", "--hw", "hermes", "--chips", "1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not fit on chip 'hermes'", result.Err, StringComparison.Ordinal);
        Assert.Matches(@"or \d+ chips of it: --chips auto or --chips \d+ \(--chips gives 1\)", result.Err);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);

        var three = Cli.Run("estimate", "--model", "resnet18", "--hw", "hermes", "--chips", "3");
        Assert.Equal(2, three.ExitCode);
        Assert.Matches(@"does not fit on 3 chip\(s\) 'hermes' \(--chips\): it needs \d+ tiles", three.Err);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("some")]
    [InlineData("1.5")]
    public void A_bad_chips_value_is_a_parse_error_naming_the_option(string value)
    {
        var result = Cli.Run("estimate", "--model", "mnist-mlp", "--hw", "hermes", "--chips", value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--chips must be 'auto' or a whole number of chips in [1, {ChipSpecValidator.MaxChips}], found '{value}'.", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_partitions_resnet18_over_hermes_chips_stores_the_count_and_estimate_reads_it_back()
    {
        string image = Path.Combine(_dir, "r18.mfchip");
        var compile = Cli.Run("compile", "--model", "resnet18", "--hw", "hermes", "--chips", "auto", "-o", image, "--json");
        Assert.True(compile.ExitCode == 0, compile.ToString());
        using var doc = JsonDocument.Parse(compile.Out);
        int chips = doc.RootElement.GetProperty("chips").GetInt32();
        Assert.True(chips > 1);
        Assert.Equal(chips, doc.RootElement.GetProperty("chip_tiles").GetArrayLength());
        Assert.Equal(doc.RootElement.GetProperty("tiles").GetInt64(), doc.RootElement.GetProperty("chip_tiles").EnumerateArray().Sum(t => t.GetInt64()));

        var estimate = Cli.Run("estimate", "--chip", image, "--json");
        Assert.True(estimate.ExitCode == 0, estimate.ToString());
        using var e = JsonDocument.Parse(estimate.Out);
        Assert.Equal(chips, e.RootElement.GetProperty("chips").GetInt32());
    }

    [Fact]
    public void A_one_tile_chip_spreads_a_small_model_over_many_chips_with_partial_sums_between_them()
    {
        var root = JsonNode.Parse(ChipPresets.Json("hermes"))!.AsObject();
        root["cores"] = new JsonObject { ["count"] = 1, ["mesh_rows"] = 1, ["mesh_cols"] = 1 };
        string path = Path.Combine(_dir, "one-tile.json");
        File.WriteAllText(path, root.ToJsonString());

        var result = Cli.Run("estimate", "--model", "mnist-mlp", "--hw", path, "--chips", "auto", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var system = doc.RootElement.GetProperty("system");
        Assert.Equal(system.GetProperty("tiles_needed").GetInt64(), doc.RootElement.GetProperty("chips").GetInt32()); // one tile each
        Assert.Contains(system.GetProperty("link_flows").EnumerateArray(), f => f.GetProperty("kind").GetString() == "partial_sums");

        var compile = Cli.Run("compile", "--model", "mnist-mlp", "--hw", path, "--chips", "auto", "-o", Path.Combine(_dir, "mlp.mfchip"));
        Assert.True(compile.ExitCode == 0, compile.ToString());
        Assert.Contains($"system: {doc.RootElement.GetProperty("chips").GetInt32()} chip(s)", compile.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_with_digital_work_on_a_host_charges_the_host_and_its_link()
    {
        var bert = Memflux.TestSupport.Models.ExportedModels.Bert(batch: 1, sequence: 8, layers: 1);
        string model = Path.Combine(_dir, "bert.onnx");
        File.WriteAllBytes(model, bert.Bytes);
        var root = JsonNode.Parse(ChipPresets.Json("hermes"))!.AsObject();
        root["citations"]!["pcie4"] = "PCI-SIG, PCI Express Base Specification Revision 4.0 (2017): 16 GT/s per lane, 128b/130b.";
        root["system"]!["digital_work"] = "host";
        root["system"]!["host"] = JsonNode.Parse("""
            { "link": { "bandwidth_gbps": 252, "latency_ns": 1000, "energy_per_bit_pj": 5, "area_mm2": 1, "source": "[pcie4] x16" },
              "throughput_gops": 1000, "energy_per_op_pj": 70, "source": "[pcie4] host" }
            """);
        string hostSpec = Path.Combine(_dir, "hermes-host.json");
        File.WriteAllText(hostSpec, root.ToJsonString());

        var chip = Cli.Run("estimate", "--model", model, "--hw", "hermes", "--json");
        var host = Cli.Run("estimate", "--model", model, "--hw", hostSpec, "--json");
        Assert.True(chip.ExitCode == 0, chip.ToString());
        Assert.True(host.ExitCode == 0, host.ToString());
        using var a = JsonDocument.Parse(chip.Out);
        using var b = JsonDocument.Parse(host.Out);
        double Component(JsonDocument d, string name) =>
            d.RootElement.GetProperty("energy").EnumerateArray().Where(c => c.GetProperty("name").GetString() == name).Sum(c => c.GetProperty("energy_j").GetDouble());

        var work = b.RootElement.GetProperty("system").GetProperty("host");
        Assert.Equal("host", b.RootElement.GetProperty("system").GetProperty("digital_work").GetString());
        Assert.Equal(JsonValueKind.Null, a.RootElement.GetProperty("system").GetProperty("host").ValueKind);
        double ops = work.GetProperty("ops_per_inference").GetDouble();
        double bits = work.GetProperty("bits_to_host_per_inference").GetDouble() + work.GetProperty("bits_from_host_per_inference").GetDouble();
        Assert.True(ops > 0 && bits > 0);
        Assert.Equal(ops * 70e-12, Component(b, "host"), ops * 70e-24);
        Assert.Equal(bits * 5e-12, Component(b, "host link"), bits * 5e-24);
        Assert.Equal(0, Component(a, "host") + Component(a, "host link"));
        Assert.True(Component(b, "activation") < Component(a, "activation")); // softmax, LayerNorm and GELU left the cores
        Assert.True(b.RootElement.GetProperty("shares").GetProperty("time").GetProperty("chip_to_chip").GetDouble() > 0);
        Assert.True(b.RootElement.GetProperty("latency_s").GetDouble() > a.RootElement.GetProperty("latency_s").GetDouble());

        var text = Cli.Run("estimate", "--model", model, "--hw", hostSpec);
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Host (digital work of the graph's digital nodes): ", text.Out, StringComparison.Ordinal);

        root["system"]!["host"]!["link"]!["bandwidth_gbps"] = -1;
        File.WriteAllText(hostSpec, root.ToJsonString());
        var bad = Cli.Run("estimate", "--model", model, "--hw", hostSpec);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("$.system.host.link.bandwidth_gbps: expected a value in", bad.Err, StringComparison.Ordinal);
        Assert.Contains("hermes-host.json", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_charges_its_energy_on_the_chips_asked_for()
    {
        // A one-tile hermes puts mnist-mlp on several chips: eval's energy must be that system's, not one chip's (which
        // cannot hold the model and failed after the whole evaluation).
        var root = JsonNode.Parse(ChipPresets.Json("hermes"))!.AsObject();
        root["cores"] = new JsonObject { ["count"] = 1, ["mesh_rows"] = 1, ["mesh_cols"] = 1 };
        string path = Path.Combine(_dir, "one-tile.json");
        File.WriteAllText(path, root.ToJsonString());

        var eval = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--limit", "20", "--batch-size", "20", "--seeds", "1", "--times", "1s", "--hw", path, "--chips", "auto", "--json", "-q");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        var estimate = Cli.Run("estimate", "--model", "mnist-mlp", "--hw", path, "--chips", "auto", "--batch", "20", "--json", "-q");
        Assert.True(estimate.ExitCode == 0, estimate.ToString());
        using var e = JsonDocument.Parse(eval.Out);
        using var c = JsonDocument.Parse(estimate.Out);
        Assert.True(c.RootElement.GetProperty("chips").GetInt32() > 1);
        Assert.Equal(c.RootElement.GetProperty("energy_per_inference_j").GetDouble(), e.RootElement.GetProperty("energy").GetProperty("worst_case_energy_per_inference_j").GetDouble(), 12);
    }

    [Fact]
    public void Eval_reports_the_chips_a_model_takes_and_needs_hw_for_it()
    {
        var eval = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--limit", "20", "--seeds", "1", "--times", "1s", "--hw", "hermes", "--chips", "auto");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Contains("chips: the model takes 1 chip(s) of hermes (--chips auto)", eval.Err, StringComparison.Ordinal);

        var noHw = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--limit", "20", "--seeds", "1", "--times", "1s", "--chips", "2");
        Assert.Equal(2, noHw.ExitCode);
        Assert.Contains("--chips: applies with --model and --hw", noHw.Err, StringComparison.Ordinal);
    }
}
