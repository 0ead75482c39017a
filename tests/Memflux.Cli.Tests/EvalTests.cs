using System.Text.Json;

namespace Memflux.Cli.Tests;

/// <summary><c>memflux eval</c> end to end on the repository's MNIST test set (first images only).</summary>
public class EvalTests
{
    [Fact]
    public void Ideal_chips_reproduce_the_reference_accuracy_at_every_time()
    {
        var result = Cli.Run("eval", "--model", "mnist-lenet5", "--dataset", "mnist", "--preset", "ideal", "--times", "1s,1d,1y", "--seeds", "2", "--limit", "300", "--batch-size", "128", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(300, root.GetProperty("samples").GetInt32());
        Assert.Equal(5, root.GetProperty("analog_layers").GetInt32());
        double reference = root.GetProperty("reference_accuracy").GetDouble();
        Assert.InRange(reference, 0.9, 1.0);
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([1.0, 86400.0, 31536000.0], results.Select(r => r.GetProperty("time_s").GetDouble()));
        foreach (var r in results)
        {
            Assert.Equal(reference, r.GetProperty("accuracy_mean").GetDouble(), 12);
            Assert.Equal(0.0, r.GetProperty("accuracy_ci95").GetDouble(), 12);
        }
    }

    [Fact]
    public void Attribution_names_every_layer_and_every_non_ideality()
    {
        var result = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--preset", "pcm", "--times", "1s,1d", "--seeds", "2", "--limit", "64", "--attribute", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var a = doc.RootElement.GetProperty("attribution");
        Assert.Equal(86400.0, a.GetProperty("time_s").GetDouble());
        var layers = a.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(["fc1", "fc2", "logits"], layers.Select(l => l.GetProperty("layer").GetString()));
        foreach (var l in layers)
        {
            // PCM at one day with 8-bit periphery: every layer is off the reference, by less than the signal itself.
            Assert.InRange(l.GetProperty("isolated_relative_rms").GetDouble(), 1e-4, 1.0);
            Assert.InRange(l.GetProperty("propagated_relative_rms").GetDouble(), 1e-4, 1.0);
        }

        var costs = a.GetProperty("non_idealities").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["programming", "drift", "read", "dac", "adc", "output-noise", "ir-drop", "faults"], costs.Keys);
        Assert.False(costs["ir-drop"].GetProperty("in_preset").GetBoolean());
        Assert.Equal(JsonValueKind.Null, costs["faults"].GetProperty("accuracy_mean").ValueKind);
        Assert.True(costs["drift"].GetProperty("in_preset").GetBoolean());
        Assert.InRange(costs["drift"].GetProperty("accuracy_mean").GetDouble(), 0.5, 1.0);
    }

    [Fact]
    public void Text_output_is_a_table_beside_the_reference()
    {
        var result = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--preset", "ideal", "--times", "1h", "--seeds", "1", "--limit", "50");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("reference (ONNX Runtime)", result.Out, StringComparison.Ordinal);
        Assert.Contains("1h", result.Out, StringComparison.Ordinal);
        Assert.Contains("n/a (1 chip)", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--times", "1d,1h", "--times")]
    [InlineData("--times", "1s,soon", "soon")]
    [InlineData("--preset", "memristor", "memristor")]
    public void Bad_arguments_are_user_errors_naming_what_is_wrong(string option, string value, string named)
    {
        var result = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", option, value, "--limit", "10");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(named, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }
}
