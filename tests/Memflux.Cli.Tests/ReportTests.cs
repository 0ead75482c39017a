using System.Text.Json;

namespace Memflux.Cli.Tests;

/// <summary>
/// --report on eval, estimate and compile: each verb writes report.html and report.json with the sections its results
/// fill, and names the others with the reason (run's report, with every section, is checked in ResNet18Tests).
/// </summary>
public sealed class ReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-report-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Eval_reports_accuracy_with_and_without_drift_compensation_layer_errors_and_devices()
    {
        string folder = Path.Combine(_dir, "eval");
        var result = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--limit", "200", "--preset", "pcm", "--seeds", "2", "--times", "1s,1d", "--report", folder);
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = Sections(folder, ["accuracy", "layer_errors", "devices"], ["cost", "floorplan", "timeline"]);
        var series = json.GetProperty("accuracy").GetProperty("series");
        Assert.Equal(["drift compensation global", "drift compensation none"], series.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal("eval", json.GetProperty("header").GetProperty("verb").GetString());
        Assert.Contains("--report", json.GetProperty("header").GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.Equal(64, json.GetProperty("header").GetProperty("model_sha256").GetString()!.Length);
    }

    [Fact]
    public void Estimate_reports_cost_floorplan_and_timeline_and_says_why_there_is_no_accuracy()
    {
        string folder = Path.Combine(_dir, "estimate");
        var result = Cli.Run("estimate", "--model", "fashion-cnn", "--hw", "hermes", "--report", folder);
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = Sections(folder, ["cost", "floorplan", "timeline"], ["accuracy", "layer_errors", "devices"]);
        var timeline = json.GetProperty("timeline");
        Assert.Contains(timeline.GetProperty("bottleneck").GetString(), timeline.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.True(timeline.GetProperty("intervals").GetArrayLength() > 0);
        Assert.Contains(json.GetProperty("omitted").EnumerateArray(), o => o.GetProperty("section").GetString() == "accuracy over time" && o.GetProperty("reason").GetString()!.Contains("estimate", StringComparison.Ordinal));
        Assert.Contains("estimate programs no devices", File.ReadAllText(Path.Combine(folder, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_reports_the_programmed_devices_and_floorplan()
    {
        string folder = Path.Combine(_dir, "compile");
        var result = Cli.Run("compile", "--model", "mnist-mlp", "--hw", "hermes", "--device", "pcm", "-o", Path.Combine(_dir, "c.mfchip"), "--report", folder);
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = Sections(folder, ["floorplan", "devices"], ["accuracy", "layer_errors", "cost", "timeline"]);
        Assert.True(json.GetProperty("devices").GetProperty("devices").GetInt32() > 0);
    }

    [Fact]
    public void A_report_folder_whose_parent_is_missing_fails_before_the_work()
    {
        var result = Cli.Run("estimate", "--model", "fashion-cnn", "--hw", "hermes", "--report", Path.Combine(_dir, "no", "such"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--report", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Compiling", result.Err, StringComparison.Ordinal);
    }

    /// <summary>report.json with <paramref name="present"/> filled and <paramref name="absent"/> null and listed as omitted.</summary>
    private static JsonElement Sections(string folder, string[] present, string[] absent)
    {
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
        var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "report.json"))).RootElement;
        foreach (string section in present)
        {
            Assert.NotEqual(JsonValueKind.Null, json.GetProperty(section).ValueKind);
        }

        foreach (string section in absent)
        {
            Assert.Equal(JsonValueKind.Null, json.GetProperty(section).ValueKind);
        }

        Assert.Equal(absent.Length, json.GetProperty("omitted").GetArrayLength());
        return json;
    }
}
