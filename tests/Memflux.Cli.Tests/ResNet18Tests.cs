using System.Text.Json;
using Memflux.Experiments;

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
    public void Eval_with_inputs_reports_the_fidelity_of_its_features_on_pcm()
    {
        string dir = Directory.CreateTempSubdirectory("memflux-resnet-").FullName;
        try
        {
            string images = Path.Combine(dir, "images.npy");
            Memflux.Data.NpyWriter.Write(images, Memflux.TestSupport.RandomTensors.Uniform(1, [1, 3, 224, 224], 0f, 1f));
            var result = Cli.Run("eval", "--model", "resnet18", "--inputs", images, "--preset", "pcm", "--times", "1s", "--seeds", "1", "--json");
            Assert.True(result.ExitCode == 0, result.ToString());
            using var doc = JsonDocument.Parse(result.Out);
            var root = doc.RootElement;
            Assert.Equal(22, root.GetProperty("analog_layers").GetInt32());
            Assert.Equal(15_885_504, root.GetProperty("analog_weights").GetInt64());
            var features = Assert.Single(root.GetProperty("results")[0].GetProperty("fidelity").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, features.GetProperty("top1_agreement").ValueKind); // [1,512,1,1]: no class axis
            Assert.InRange(features.GetProperty("nrmse").GetProperty("mean").GetDouble(), 1e-3, 2);
            Assert.InRange(features.GetProperty("cosine").GetProperty("mean").GetDouble(), 0, 1);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Run_verifies_resnet18_then_evaluates_and_estimates_the_default_model_on_hermes()
    {
        string report = Directory.CreateTempSubdirectory("memflux-run-report-").FullName;
        var result = Cli.Run("run", "--limit", "100", "--seeds", "2", "--json", "--report", report);
        Assert.True(result.ExitCode == 0, result.ToString());
        using (var page = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(report, "report.json"))))
        {
            foreach (string section in (string[])["accuracy", "layer_errors", "cost", "floorplan", "timeline", "devices"])
            {
                Assert.NotEqual(JsonValueKind.Null, page.RootElement.GetProperty(section).ValueKind);
            }

            Assert.Equal(0, page.RootElement.GetProperty("omitted").GetArrayLength());
            Assert.Equal(2, page.RootElement.GetProperty("accuracy").GetProperty("series").GetArrayLength());
            Assert.Equal([0UL, 1UL], page.RootElement.GetProperty("header").GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64()));
            Assert.True(File.Exists(Path.Combine(report, "report.html")));
        }

        Directory.Delete(report, recursive: true);
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
