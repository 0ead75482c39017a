using System.Text.Json;

namespace Memflux.Cli.Tests;

/// <summary>End to end on the bundled ResNet18 (needs Conv, BatchNormalization, MaxPool, AveragePool and Add).</summary>
public class ResNet18Tests
{
    [Fact]
    public void Bundled_model_is_copied_next_to_the_binary()
    {
        Assert.True(File.Exists(BundledModels.ResNet18Path), BundledModels.ResNet18Path);
        Assert.True(new FileInfo(BundledModels.ResNet18Path).Length > 60_000_000);
    }

    [Fact]
    public void Inspect_reports_15_908_800_parameters()
    {
        var result = Cli.Run("inspect", "resnet18", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(15_908_800, doc.RootElement.GetProperty("parameters").GetInt64());
        Assert.True(doc.RootElement.GetProperty("macs").GetInt64() > 1_000_000_000);
    }

    [Fact]
    public void Run_verifies_resnet18_then_evaluates_and_estimates_the_default_model_on_hermes()
    {
        var result = Cli.Run("run", "--limit", "100", "--seeds", "2", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var verify = doc.RootElement.GetProperty("verify");
        Assert.True(verify.GetProperty("passed").GetBoolean(), result.Out);
        Assert.True(verify.GetProperty("max_rel_error").GetDouble() <= 1e-4);
        Assert.Equal(1, verify.GetProperty("top1_agreement").GetDouble());

        var eval = doc.RootElement.GetProperty("eval");
        Assert.Equal("pcm-hermes", eval.GetProperty("preset").GetString());
        Assert.Equal(256, eval.GetProperty("tile_rows").GetInt32());
        Assert.Equal([1.0, 86400.0, 31536000.0], eval.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("time_s").GetDouble()));
        Assert.InRange(eval.GetProperty("reference_accuracy").GetDouble(), 0.8, 1.0);

        var estimate = doc.RootElement.GetProperty("estimate");
        Assert.Equal("hermes", estimate.GetProperty("hw").GetString());
        Assert.True(estimate.GetProperty("energy_per_inference_j").GetDouble() > 0);
        Assert.True(estimate.GetProperty("digital_baseline_energy_j").GetDouble() > 0);
    }
}
