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
