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
    public void A_static_batch_is_kept_by_default()
    {
        // The batch of 2 is baked into the Reshape's shape, as exporters with a fixed batch write it.
        var model = new TestSupport.OnnxModelBuilder(14).Input("x", [2, 10, 32]).Initializer("s", Numerics.Tensor.Vector(2, 10, 4, 8))
            .Node("Reshape", ["x", "s"], ["y"]).Output("y").Build();
        var result = Cli.Run("verify", _models.Write("static2.onnx", model), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("batch").GetInt32());
    }

    [Fact]
    public void Token_ids_get_values_inside_their_table_and_symbolic_dims_take_dim_values()
    {
        var table = TestSupport.RandomTensors.Uniform(4, [50, 6]);
        var builder = new TestSupport.OnnxModelBuilder(14).Input("input_ids", [1, 1], Numerics.DataType.Int64).Initializer("emb", table)
            .Node("Gather", ["emb", "input_ids"], ["y"]).Output("y");
        builder.Build();
        foreach (var (dim, name) in new[] { (0, "batch"), (1, "sequence") })
        {
            builder.Model.Graph.Input[0].Type.TensorType.Shape.Dim[dim] = new global::Onnx.TensorShapeProto.Types.Dimension { DimParam = name };
        }

        string path = _models.Write("tokens.onnx", Google.Protobuf.MessageExtensions.ToByteArray(builder.Model));
        var missing = Cli.Run("verify", path);
        Assert.Equal(ExitCodes.UserError, missing.ExitCode);
        Assert.Contains("dimension 1 is symbolic 'sequence'; expected a positive static size. Fix it with --dim sequence=N", missing.Err, StringComparison.Ordinal);

        var result = Cli.Run("verify", path, "--json", "--dim", "batch=3", "--dim", "sequence=7");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal([3, 7, 6], doc.RootElement.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Contains("'input_ids' Int64 0..49 (indices into a table of 50 rows)", doc.RootElement.GetProperty("input_distribution").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shape", "x")]
    [InlineData("--shape", "x=1xq")]
    [InlineData("--dim", "n=0")]
    [InlineData("--dim", "=3")]
    public void Malformed_shape_options_are_parse_errors(string option, string value)
    {
        var result = Cli.Run("verify", _models.Relu(), option, value);
        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.Contains(option, result.Err, StringComparison.Ordinal);
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
        var result = Cli.Run(services, "verify", _models.Relu(), "--quiet"); // no step lines: the error comes first
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("internal error: InvalidOperationException: boom", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);

        var verbose = Cli.Run(services, "verify", _models.Relu(), "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Err, StringComparison.Ordinal);
    }
}
