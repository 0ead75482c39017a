using System.Text.Json;

namespace Memflux.Cli.Tests;

public sealed class InspectTests : IDisposable
{
    private readonly TestModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void Json_has_the_documented_schema()
    {
        string path = _models.ReluWithWeights();
        var result = Cli.Run("inspect", path, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());

        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(["model", "opset", "parameters", "macs", "inputs", "outputs", "layers"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(path, root.GetProperty("model").GetString());
        Assert.Equal(20, root.GetProperty("parameters").GetInt64());
        Assert.Equal(0, root.GetProperty("macs").GetInt64());
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(2, layers.Count);
        foreach (var layer in layers)
        {
            Assert.Equal(["op", "name", "inputs", "outputs", "parameters", "macs"], layer.EnumerateObject().Select(p => p.Name));
            Assert.Equal("Relu", layer.GetProperty("op").GetString());
        }

        Assert.Equal([2, 5], layers[0].GetProperty("inputs")[0].EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal([2, 5], layers[0].GetProperty("outputs")[0].EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(0, layers[0].GetProperty("parameters").GetInt64());
        Assert.Equal(20, layers[1].GetProperty("parameters").GetInt64());
    }

    [Fact]
    public void Table_lists_layers_and_totals()
    {
        var result = Cli.Run("inspect", _models.ReluWithWeights());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Relu_0", result.Out, StringComparison.Ordinal);
        Assert.Contains("[4,5]", result.Out, StringComparison.Ordinal);
        Assert.Contains("Total: 20 parameters, 0 MACs in 2 layers.", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_file_is_a_user_error_without_stack_trace()
    {
        string path = _models.Write("garbage.onnx", "this is not a model"u8.ToArray());
        var result = Cli.Run("inspect", path, "--quiet"); // no step lines: the error comes first
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith($"error: {path}: not a valid ONNX file", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_a_user_error_naming_the_path()
    {
        string path = Path.Combine(_models.Directory, "missing.onnx");
        var result = Cli.Run("inspect", path, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal($"error: {path}: model file not found.\n", result.Err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        string path = _models.Write("garbage.onnx", [1, 2, 3, 4, 5]);
        var result = Cli.Run("inspect", path, "--verbose");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_option_is_a_usage_error()
    {
        var result = Cli.Run("inspect", _models.Relu(), "--frobnicate");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--frobnicate", result.Err, StringComparison.Ordinal);
        Assert.Contains("memflux inspect --help", result.Err, StringComparison.Ordinal);
    }
}
