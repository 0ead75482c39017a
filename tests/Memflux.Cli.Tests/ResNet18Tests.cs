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
    public void Run_verifies_against_onnx_runtime_at_1e_4()
    {
        var result = Cli.Run("run", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var verify = doc.RootElement.GetProperty("verify");
        Assert.True(verify.GetProperty("passed").GetBoolean(), result.Out);
        Assert.True(verify.GetProperty("max_rel_error").GetDouble() <= 1e-4);
        Assert.Equal(1, verify.GetProperty("top1_agreement").GetDouble());
    }
}
