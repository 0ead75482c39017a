using System.Text.Json;
using System.Text.Json.Nodes;
using Memflux.Chip.Hardware;

namespace Memflux.Cli.Tests;

public sealed class EstimateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-estimate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("mnist-mlp", "isaac", 1)]
    [InlineData("fashion-cnn", "hermes", 4)]
    public void Json_has_the_documented_keys_and_its_energy_sums_to_the_total(string model, string hw, int batch)
    {
        var result = Cli.Run("estimate", "--model", model, "--hw", hw, "--batch", batch.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        foreach (string key in new[]
        {
            "tops_peak", "tops_per_watt", "power_w", "area_mm2", "latency_s", "tokens_per_inference", "initiation_interval_per_token_s", "throughput_ips", "energy_per_inference_j",
            "digital_baseline_energy_j", "digital_baseline_ratio", "energy", "area", "utilisation", "layers", "bottleneck", "programming", "digital_baseline_timing",
        })
        {
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        }

        Assert.Equal(batch, root.GetProperty("batch").GetInt32());
        double total = root.GetProperty("energy_per_inference_j").GetDouble();
        double sum = root.GetProperty("energy").EnumerateArray().Sum(c => c.GetProperty("energy_j").GetDouble());
        Assert.Equal(total, sum, total * 1e-12);
        Assert.Equal(PeakFigures.Of(ChipPresets.Get(hw)).PeakTops, root.GetProperty("tops_peak").GetDouble(), 9);
        Assert.True(root.GetProperty("latency_s").GetDouble() > 0);
        Assert.True(root.GetProperty("layers").GetArrayLength() >= 2);
        Assert.Equal(total / root.GetProperty("digital_baseline_energy_j").GetDouble(), 1 / root.GetProperty("digital_baseline_ratio").GetDouble(), 9);

        // The analog front end's used-cell energy is the dac + array + adc components, at most the whole-tile worst case.
        var frontEnd = root.GetProperty("analog_front_end");
        double used = frontEnd.GetProperty("used_cells_j").GetDouble();
        double components = root.GetProperty("energy").EnumerateArray()
            .Where(c => c.GetProperty("name").GetString() is "dac" or "array" or "adc").Sum(c => c.GetProperty("energy_j").GetDouble());
        Assert.Equal(components, used, used * 1e-12);
        Assert.InRange(used, 1e-15, frontEnd.GetProperty("whole_tiles_j").GetDouble());
        Assert.Equal(ChipPresets.Get(hw).Core.Adc.GatesUnusedColumns, frontEnd.GetProperty("adc_gates_unused_columns").GetBoolean());
        var baseline = root.GetProperty("digital_baseline");
        Assert.True(baseline.GetProperty("activation_movement_j").GetDouble() > 0);

        // The baseline's time: MAC array and weight fetch busy times, whose shares sum to 1, and a time per inference.
        var timing = root.GetProperty("digital_baseline_timing");
        var time = root.GetProperty("shares").GetProperty("digital_baseline_time");
        double compute = timing.GetProperty("compute_s").GetDouble(), fetch = timing.GetProperty("weight_fetch_s").GetDouble();
        Assert.Equal(compute / (compute + fetch), time.GetProperty("digital").GetDouble(), 9);
        Assert.Equal(1, time.GetProperty("digital").GetDouble() + time.GetProperty("on_chip_movement").GetDouble(), 9);
        Assert.InRange(timing.GetProperty("makespan_s").GetDouble(), Math.Max(compute, fetch), compute + fetch + 1e-15);
        Assert.Equal(root.GetProperty("layers").GetArrayLength(), timing.GetProperty("compute_bound_layers").GetInt32() + timing.GetProperty("weight_bound_layers").GetInt32());
    }

    [Fact]
    public void A_batch_larger_than_a_static_batch_1_model_is_imported_at_that_batch()
    {
        // The bundled ResNet18 declares batch 1; estimate --batch 16 used to profile its batch-1 shapes as if they held
        // 16 images and failed at the first layer whose output pixels (196) 16 does not divide.
        var one = Cli.Run("estimate", "--model", "resnet18", "--hw", "isaac", "--json");
        var sixteen = Cli.Run("estimate", "--model", "resnet18", "--hw", "isaac", "--batch", "16", "--json");
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.True(sixteen.ExitCode == 0, sixteen.ToString());
        using var a = JsonDocument.Parse(one.Out);
        using var b = JsonDocument.Parse(sixteen.Out);
        Assert.Equal(16, b.RootElement.GetProperty("batch").GetInt32());
        Assert.Equal(a.RootElement.GetProperty("macs_per_inference").GetInt64(), b.RootElement.GetProperty("macs_per_inference").GetInt64());

        // Sixteen images pipelined through the chip take longer than one, and less than sixteen one after another.
        double one1 = a.RootElement.GetProperty("makespan_s").GetDouble();
        double all16 = b.RootElement.GetProperty("makespan_s").GetDouble();
        Assert.InRange(all16, one1 * 1.01, one1 * 16);
    }

    [Fact]
    public void Table_output_names_the_totals()
    {
        var result = Cli.Run("estimate", "--model", "mnist-mlp", "--hw", "generic-rram");
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string fragment in new[] { "Latency", "TOPS/W", "Digital baseline", "Programming", "adc", "total", "Analog front end", "activation movement" })
        {
            Assert.Contains(fragment, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_model_that_does_not_fit_is_exit_2_with_tiles_needed_and_available()
    {
        string path = Path.Combine(_dir, "tiny.json");
        var root = JsonNode.Parse(ChipPresets.Json("hermes"))!;
        root["cores"]!["count"] = 1;
        root["cores"]!["mesh_rows"] = 1;
        root["cores"]!["mesh_cols"] = 1;
        File.WriteAllText(path, root.ToJsonString());
        var result = Cli.Run("estimate", "--model", "fashion-cnn", "--hw", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not fit", result.Err, StringComparison.Ordinal);
        Assert.Matches(@"needs \d+ tiles", result.Err);
        Assert.Contains("the chip has 1 (1 cores x 1 tile(s))", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_hw_file_is_exit_2_naming_the_field()
    {
        string path = Path.Combine(_dir, "bad.json");
        var root = JsonNode.Parse(ChipPresets.Json("isaac"))!;
        root["core"]!["programming"]!["pulse_energy_pj"] = -1;
        File.WriteAllText(path, root.ToJsonString());
        var result = Cli.Run("estimate", "--model", "mnist-mlp", "--hw", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(path, result.Err, StringComparison.Ordinal);
        Assert.Contains("$.core.programming.pulse_energy_pj", result.Err, StringComparison.Ordinal);
        var missing = Cli.Run("estimate", "--model", "mnist-mlp", "--hw", Path.Combine(_dir, "nope.json"));
        Assert.Equal(2, missing.ExitCode);
    }
}
