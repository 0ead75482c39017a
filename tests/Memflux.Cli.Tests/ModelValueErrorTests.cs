using Memflux.Data;
using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary>
/// End to end, values in a model that break its arithmetic are user errors (exit 2) naming the file and the node: shape
/// arithmetic on a huge attribute (issue 18 §4), an index out of range in data the model computes (§6).
/// </summary>
public sealed class ModelValueErrorTests : IDisposable
{
    private readonly TestModels _models = new();

    public void Dispose() => _models.Dispose();

    [Theory]
    [InlineData("inspect")]
    [InlineData("verify")]
    public void Tile_repeats_that_wrap_the_shape_are_a_user_error(string verb)
    {
        // 2^62 repeats of a dimension of 4 wrapped to a zero-size axis and exited 0.
        string model = _models.Write("tile.onnx", new OnnxModelBuilder(13).Input("x", [2, 4]).Initializer("r", Tensor.Vector(1, 1L << 62))
            .Node("Tile", ["x", "r"], ["y"]).Output("y").Build());
        var result = Cli.Run(verb, model);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{model}: Tile node 'Tile_0' (opset 13): repeats [1,4611686018427387904] must be non-negative", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_out_of_range_at_run_time_names_the_file_and_the_node()
    {
        string model = _models.Write("pick.onnx", new OnnxModelBuilder(13).Input("x", [1, 16]).Input("i", [1], DataType.Int64)
            .Initializer("w", RandomTensors.Uniform(1, [16, 10])).Node("MatMul", ["x", "w"], ["h"]).Node("Gather", ["h", "i"], ["y"], ("axis", 1L)).Output("y").Build());
        string inputs = Path.Combine(_models.Directory, "inputs.npz");
        NpyWriter.WriteArchive(inputs, [new("x", RandomTensors.Uniform(2, [2, 16])), new("i", Tensor.Vector(3, 10))]);
        var result = Cli.Run("eval", "--model", model, "--inputs", inputs, "--times", "1s", "--seeds", "1");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.True(result.Err.Contains($"{model}: Gather node 'Gather_1' (opset 13): index 10 (at position 0 of input 1) is out of range for a dimension of size 10", StringComparison.Ordinal), result.ToString());
    }
}
