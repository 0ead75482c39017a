namespace Memflux.Cli.Tests;

/// <summary>Inputs that were internal errors (exit 1) and are now clear user errors or work (issue 18 §2).</summary>
public sealed class HardeningTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("memflux-hardening-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("inspect")]
    [InlineData("verify")]
    [InlineData("eval --dataset mnist --model")]
    [InlineData("estimate --hw hermes --model")]
    public void An_empty_model_argument_is_a_user_error(string verb)
    {
        var result = Cli.Run([.. verb.Split(' '), ""]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("the model is an empty string; expected an ONNX file, resnet18 or a zoo name", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_model_for_compile_is_a_user_error()
    {
        var result = Cli.Run("compile", "--model", "", "--hw", "hermes", "-o", Path.Combine(_directory, "a.mfchip"));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("the model is an empty string", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Minus_zero_seconds_is_time_zero()
    {
        var result = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--limit", "20", "--seeds", "1", "--times", "-0s");
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
