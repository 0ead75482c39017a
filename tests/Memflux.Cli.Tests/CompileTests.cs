using System.Text.Json;

namespace Memflux.Cli.Tests;

/// <summary><c>memflux compile</c> and <c>memflux eval --chip</c> end to end (issue 5 §6).</summary>
public sealed class CompileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memflux-compile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Eval_of_a_compiled_chip_equals_evaluating_the_same_chip_in_memory()
    {
        string image = Path.Combine(_directory, "mlp.mfchip");
        var compile = Cli.Run("compile", "--model", "mnist-mlp", "--hw", "hermes", "--device", "pcm", "--seed", "7", "-o", image, "--json");
        Assert.True(compile.ExitCode == 0, compile.ToString());
        using (var summary = JsonDocument.Parse(compile.Out))
        {
            var s = summary.RootElement;
            Assert.Equal(256, s.GetProperty("tile_rows").GetInt32());
            Assert.Equal(new FileInfo(image).Length, s.GetProperty("file_bytes").GetInt64());
            Assert.Equal(2 * s.GetProperty("weights").GetInt64(), s.GetProperty("devices").GetInt64()); // pcm: one differential pair per weight
        }

        string[] common = ["--dataset", "mnist", "--times", "1s,1d,1y", "--limit", "200", "--batch-size", "64", "--json"];
        var stored = Cli.Run(["eval", "--chip", image, .. common]);
        var inMemory = Cli.Run(["eval", "--model", "mnist-mlp", "--preset", "pcm", "--seed", "7", "--seeds", "1", .. common]);
        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.True(inMemory.ExitCode == 0, inMemory.ToString());
        Assert.Equal(Accuracies(inMemory.Out), Accuracies(stored.Out));
        Assert.NotEqual(Accuracies(stored.Out), Accuracies(Cli.Run(["eval", "--model", "mnist-mlp", "--preset", "pcm", "--seed", "8", "--seeds", "1", .. common]).Out));
    }

    [Fact]
    public void Estimate_of_a_compiled_chip_uses_its_model_hardware_and_measured_programming()
    {
        string image = Path.Combine(_directory, "rram.mfchip");
        Assert.Equal(0, Cli.Run("compile", "--model", "mnist-mlp", "--hw", "hermes", "--device", "rram", "-o", image).ExitCode);
        var fromChip = Cli.Run("estimate", "--chip", image, "--batch", "4", "--json");
        var fromModel = Cli.Run("estimate", "--model", "mnist-mlp", "--hw", "hermes", "--batch", "4", "--json");
        Assert.True(fromChip.ExitCode == 0, fromChip.ToString());
        Assert.True(fromModel.ExitCode == 0, fromModel.ToString());
        using var chip = JsonDocument.Parse(fromChip.Out);
        using var model = JsonDocument.Parse(fromModel.Out);
        foreach (string key in new[] { "energy_per_inference_j", "latency_s", "throughput_ips", "digital_baseline_energy_j", "area_mm2" })
        {
            Assert.Equal(model.RootElement.GetProperty(key).GetDouble(), chip.RootElement.GetProperty(key).GetDouble());
        }

        var programming = chip.RootElement.GetProperty("programming");
        Assert.True(programming.GetProperty("measured").GetBoolean());
        Assert.False(model.RootElement.GetProperty("programming").GetProperty("measured").GetBoolean());
        Assert.True(programming.GetProperty("iterations_per_device").GetDouble() > 1); // rram writes with program-and-verify
    }

    [Theory]
    [InlineData("--model", "mnist-mlp")]
    [InlineData("--hw", "hermes")]
    public void Estimate_takes_a_chip_or_a_model_and_hardware(string option, string value)
    {
        string image = Path.Combine(_directory, "x.mfchip");
        Assert.Equal(0, Cli.Run("compile", "--model", "mnist-mlp", "--hw", "hermes", "-o", image).ExitCode);
        var both = Cli.Run("estimate", "--chip", image, option, value);
        Assert.True(both.ExitCode == 2, both.ToString());
        Assert.Contains("either --model and --hw, or --chip", both.Err, StringComparison.Ordinal);
        var half = Cli.Run("estimate", option, value);
        Assert.True(half.ExitCode == 2, half.ToString());
    }

    [Fact]
    public void A_truncated_image_is_a_user_error_naming_the_file()
    {
        string image = Path.Combine(_directory, "cut.mfchip");
        Assert.Equal(0, Cli.Run("compile", "--model", "mnist-mlp", "--hw", "hermes", "-o", image).ExitCode);
        var bytes = File.ReadAllBytes(image);
        File.WriteAllBytes(image, bytes[..(bytes.Length / 2)]);
        var result = Cli.Run("eval", "--chip", image, "--dataset", "mnist", "--limit", "10");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(image, result.Err, StringComparison.Ordinal);
        Assert.Contains("truncated", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--times", "1s", "times must not precede it")]
    [InlineData("--preset", "ideal", "--preset: does not apply with --chip")]
    [InlineData("--seeds", "2", "--seeds: does not apply with --chip")]
    [InlineData("--model", "mnist-mlp", "exactly one of --model and --chip, found both")]
    public void Eval_chip_rejects_what_does_not_apply(string option, string value, string message)
    {
        string image = Path.Combine(_directory, "aged.mfchip");
        Assert.Equal(0, Cli.Run("compile", "--model", "mnist-mlp", "--hw", "hermes", "--time", "1d", "-o", image).ExitCode);
        string[] times = option == "--times" ? [] : ["--times", "1d"];
        var result = Cli.Run(["eval", "--chip", image, "--dataset", "mnist", "--limit", "10", .. times, option, value]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_needs_a_model_or_a_chip()
    {
        var result = Cli.Run("eval", "--dataset", "mnist");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("exactly one of --model and --chip, found neither", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing/dir/a.mfchip", "does not exist")]
    [InlineData("/dev/null", "the path is a character device")]
    [InlineData("", "is empty")]
    public void An_output_that_cannot_be_written_is_refused_before_the_chip_is_programmed(string output, string message)
    {
        string target = output.StartsWith("missing", StringComparison.Ordinal) ? Path.Combine(_directory, output) : output;
        var result = Cli.Run("compile", "--model", "mnist-mlp", "--hw", "hermes", "-o", target, "--verbose");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Importing", result.Err, StringComparison.Ordinal); // --verbose names each step as it starts
    }

    private static double[] Accuracies(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("accuracy_mean").GetDouble())];
    }
}
