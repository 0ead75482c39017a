using System.Text.Json;
using Memflux.Cli.Infrastructure;

namespace Memflux.Cli.Tests;

public sealed class VerifyTests : IDisposable
{
    private readonly TestModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void Json_on_a_small_model_passes()
    {
        string path = _models.ReluWithWeights();
        var result = Cli.Run("verify", path, "--json", "--seed", "7");
        Assert.True(result.ExitCode == 0, result.ToString());

        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(0, root.GetProperty("max_abs_error").GetDouble());
        Assert.Equal(0, root.GetProperty("max_rel_error").GetDouble());
        Assert.Equal(1, root.GetProperty("top1_agreement").GetDouble());
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(1e-4, root.GetProperty("tolerance").GetDouble());
        Assert.Equal("uniform [0, 1)", root.GetProperty("input_distribution").GetString());
        Assert.Equal(["y", "z"], root.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public void Batch_overrides_a_fixed_batch_of_one_in_both_runtimes()
    {
        var result = Cli.Run("verify", _models.Relu(), "--json", "--batch", "3");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(3, doc.RootElement.GetProperty("batch").GetInt32());
        Assert.Equal([3, 10], doc.RootElement.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public void Text_output_says_pass()
    {
        var result = Cli.Run("verify", _models.Relu());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PASS", result.Out, StringComparison.Ordinal);
        Assert.Contains("top-1 agreement", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_beyond_tolerance_exits_1()
    {
        var services = new CliServices { CreateOrtRunner = (bytes, source, _) => TestModels.Perturbed(bytes, source, 0.01f) };
        var result = Cli.Run(services, "verify", _models.Relu(), "--json");
        Assert.True(result.ExitCode == 1, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.False(doc.RootElement.GetProperty("passed").GetBoolean());
        Assert.InRange(doc.RootElement.GetProperty("max_abs_error").GetDouble(), 0.0099, 0.0101);

        var loose = Cli.Run(services, "verify", _models.Relu(), "--json", "--tolerance", "0.5");
        Assert.True(loose.ExitCode == 0, loose.ToString());
    }

    [Fact]
    public void Negative_tolerance_is_a_usage_error()
    {
        var result = Cli.Run("verify", _models.Relu(), "--tolerance", "-1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--tolerance", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Unexpected_exception_is_an_internal_error_exit_1()
    {
        var services = new CliServices { CreateOrtRunner = (_, _, _) => throw new InvalidOperationException("boom") };
        var result = Cli.Run(services, "verify", _models.Relu());
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("internal error: InvalidOperationException: boom", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);

        var verbose = Cli.Run(services, "verify", _models.Relu(), "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Err, StringComparison.Ordinal);
    }
}
