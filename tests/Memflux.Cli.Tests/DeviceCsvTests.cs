using System.Text.Json;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary>A custom device CSV (docs/devices.md) wherever an analog preset is taken: eval --preset, compile --device (issue 18, "Also").</summary>
public sealed class DeviceCsvTests : IDisposable
{
    private static readonly string Example = RepositoryPaths.Combine("data", "devices", "pcm-like-example.csv");

    private readonly string _directory = Directory.CreateTempSubdirectory("memflux-devcsv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Eval_with_a_device_csv_runs_end_to_end_and_reports_accuracy()
    {
        var result = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--preset", Example, "--times", "1s,1d", "--seeds", "1", "--limit", "64", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        double[] accuracies = Accuracies(result.Out);
        Assert.Equal(2, accuracies.Length);
        Assert.All(accuracies, a => Assert.InRange(a, 0.5, 1.0)); // a PCM-like device keeps an MNIST MLP well above chance
    }

    [Theory]
    [InlineData("g_target_uS,sigma_prog_uS,drift_nu_mean,drift_nu_std\n0,1,0.05,0.01\n10,abc,0.05,0.01\n", ":3: column sigma_prog_uS")]
    [InlineData("g_target_uS,sigma_prog_uS,drift_nu_mean\n0,1,0.05\n", ":1:")]
    public void A_bad_device_csv_is_a_user_error_naming_file_and_line(string content, string where)
    {
        string csv = Path.Combine(_directory, "bad.csv");
        File.WriteAllText(csv, content);
        foreach (string[] args in new[]
        {
            new[] { "eval", "--model", "mnist-mlp", "--dataset", "mnist", "--preset", csv, "--limit", "8" },
            ["compile", "--model", "mnist-mlp", "--hw", "hermes", "--device", csv, "-o", Path.Combine(_directory, "x.mfchip")],
        })
        {
            var result = Cli.Run(args);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains(csv + where, result.Err, StringComparison.Ordinal);
        }

        var missing = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--preset", Path.Combine(_directory, "missing.csv"), "--limit", "8");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("missing.csv: device statistics file not found", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chip_compiled_with_a_device_csv_reloads_bit_exactly()
    {
        string image = Path.Combine(_directory, "custom.mfchip");
        var compile = Cli.Run("compile", "--model", "mnist-mlp", "--hw", "hermes", "--device", Example, "--seed", "7", "-o", image);
        Assert.True(compile.ExitCode == 0, compile.ToString());

        string[] common = ["--dataset", "mnist", "--times", "1s,1y", "--limit", "100", "--batch-size", "64", "--json"];
        var stored = Cli.Run(["eval", "--chip", image, .. common]);
        var inMemory = Cli.Run(["eval", "--model", "mnist-mlp", "--preset", Example, "--seed", "7", "--seeds", "1", .. common]);
        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.True(inMemory.ExitCode == 0, inMemory.ToString());
        Assert.DoesNotContain("differs from this version", stored.Err, StringComparison.Ordinal);
        Assert.Equal(Accuracies(inMemory.Out), Accuracies(stored.Out));
        Assert.Equal(Fidelity(inMemory.Out), Fidelity(stored.Out));
    }

    private static double[] Accuracies(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("accuracy_mean").GetDouble())];
    }

    private static string Fidelity(string json)
    {
        using var document = JsonDocument.Parse(json);
        return string.Join(";", document.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("fidelity").GetRawText()));
    }
}
