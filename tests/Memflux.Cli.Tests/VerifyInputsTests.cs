using System.Text.Json;
using Memflux.Data;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary><c>memflux verify MODEL --inputs PATH</c>: the data a user brings, end to end.</summary>
public sealed class VerifyInputsTests : IDisposable
{
    private readonly TestModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void An_npz_with_integer_and_float_inputs_runs_every_sample_in_both_runtimes()
    {
        string model = TokensPlusX();
        string npz = Path.Combine(_models.Directory, "in.npz");
        NpyWriter.WriteArchive(npz, [
            new("ids", Tensor.From(Enumerable.Range(0, 18).Select(i => (long)(i % 7)).ToArray(), new TensorShape(6, 3))),
            new("x", Tensor.From(Enumerable.Range(0, 18).Select(i => i * 0.5).ToArray(), new TensorShape(6, 3))),
        ], compressed: true);

        var result = Cli.Run("verify", model, "--inputs", npz, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(npz, root.GetProperty("inputs").GetString());
        Assert.Equal($"from {npz}", root.GetProperty("input_distribution").GetString());
        Assert.Equal(3, root.GetProperty("runs").GetInt32());
        Assert.Equal(2, root.GetProperty("batch").GetInt32());
        Assert.Equal(0, root.GetProperty("max_rel_error").GetDouble());
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("expected_outputs").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("accuracy").ValueKind);
        string note = Assert.Single(root.GetProperty("input_notes").EnumerateArray()).GetString()!;
        Assert.Contains("'x' converted from the file's '<f8' (DOUBLE) to the model's FLOAT", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_test_data_is_compared_with_onnx_runtime_and_with_its_expected_outputs()
    {
        string model = _models.Relu();
        string root = Path.Combine(_models.Directory, "test_relu");
        for (int n = 0; n < 2; n++)
        {
            string set = Directory.CreateDirectory(Path.Combine(root, $"test_data_set_{n}")).FullName;
            var x = Tensor.From(Enumerable.Range(0, 10).Select(i => (float)(i - 5 + n)).ToArray(), new TensorShape(1, 10));
            OnnxTensorFile.Write(Path.Combine(set, "input_0.pb"), "x", x);
            OnnxTensorFile.Write(Path.Combine(set, "output_0.pb"), "y", Tensor.From(x.AsArray<float>().Select(v => MathF.Max(v, 0)).ToArray(), x.Shape));
        }

        var pass = Cli.Run("verify", model, "--inputs", root, "--json");
        Assert.True(pass.ExitCode == 0, pass.ToString());
        using (var doc = JsonDocument.Parse(pass.Out))
        {
            var expected = doc.RootElement.GetProperty("expected_outputs");
            Assert.True(expected.GetProperty("passed").GetBoolean());
            Assert.Equal(0, expected.GetProperty("max_abs_error").GetDouble());
            Assert.Equal(2, doc.RootElement.GetProperty("runs").GetInt32());
        }

        // A wrong expected value: ONNX Runtime still agrees with Memflux, the expected outputs do not.
        string set1 = Path.Combine(root, "test_data_set_1");
        OnnxTensorFile.Write(Path.Combine(set1, "output_0.pb"), "y", Tensor.From(Enumerable.Repeat(0.5f, 10).ToArray(), new TensorShape(1, 10)));
        var fail = Cli.Run("verify", model, "--inputs", root, "--json");
        Assert.True(fail.ExitCode == ExitCodes.Failure, fail.ToString());
        using (var doc = JsonDocument.Parse(fail.Out))
        {
            Assert.Equal(0, doc.RootElement.GetProperty("max_abs_error").GetDouble());
            Assert.False(doc.RootElement.GetProperty("expected_outputs").GetProperty("passed").GetBoolean());
            Assert.Equal(4.5, doc.RootElement.GetProperty("expected_outputs").GetProperty("max_abs_error").GetDouble(), 6);
            Assert.False(doc.RootElement.GetProperty("passed").GetBoolean());
        }

        var text = Cli.Run("verify", model, "--inputs", root);
        Assert.Contains("vs expected outputs", text.Out, StringComparison.Ordinal);
        Assert.Contains("FAIL", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_give_the_top1_accuracy_of_both_runtimes()
    {
        string model = _models.Relu();
        string npy = Path.Combine(_models.Directory, "x.npy");
        var x = new float[30];
        x[3] = 1; // sample 0: class 3
        x[10 + 7] = 1; // sample 1: class 7
        x[20 + 2] = 1; // sample 2: class 2
        NpyWriter.Write(npy, Tensor.From(x, new TensorShape(3, 10)));
        string labels = Path.Combine(_models.Directory, "labels.npy");
        NpyWriter.Write(labels, Tensor.From(new long[] { 3, 7, 9 }, new TensorShape(3)));

        var result = Cli.Run("verify", model, "--inputs", npy, "--labels", labels, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var accuracy = doc.RootElement.GetProperty("accuracy");
        Assert.Equal(3, accuracy.GetProperty("samples").GetInt32());
        Assert.Equal(2 / 3.0, accuracy.GetProperty("memflux").GetDouble(), 12);
        Assert.Equal(2 / 3.0, accuracy.GetProperty("onnxruntime").GetDouble(), 12);
        Assert.Equal("y", accuracy.GetProperty("output").GetString());
    }

    [Fact]
    public void An_image_folder_reports_its_preprocessing()
    {
        byte[] cnn = new OnnxModelBuilder(14).Input("x", [1, 3, 4, 4]).Node("Relu", ["x"], ["y"]).Output("y").Build();
        string model = _models.Write("cnn.onnx", cnn);
        string images = Path.Combine(_models.Directory, "images");
        foreach (string name in new[] { "cat/1.png", "dog/1.png" })
        {
            string path = Path.Combine(images, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(6, 5);
            SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, path);
        }

        var result = Cli.Run("verify", model, "--inputs", images, "--mean", "0.5,0.5,0.5", "--resize", "8");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 run(s) of batch 1", result.Out, StringComparison.Ordinal);
        Assert.Contains("labelled by sorted folder name: cat=0, dog=1", result.Out, StringComparison.Ordinal);
        Assert.Contains("resize shorter side to 8 px", result.Out, StringComparison.Ordinal);
        Assert.Contains("top-1 accuracy", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad.npy")]
    [InlineData("bad.npz")]
    public void A_malformed_file_exits_2_naming_it_without_a_stack_trace(string name)
    {
        string path = Path.Combine(_models.Directory, name);
        File.WriteAllBytes(path, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 200, 0, (byte)'{']);
        var result = Cli.Run("verify", _models.Relu(), "--inputs", path);
        Assert.True(result.ExitCode == ExitCodes.UserError, result.ToString());
        Assert.Contains(path, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_mismatch_exits_2_naming_the_input_and_both_shapes()
    {
        string npy = Path.Combine(_models.Directory, "x.npy");
        NpyWriter.Write(npy, Tensor.Zeros(DataType.Float32, new TensorShape(2, 9)));
        var result = Cli.Run("verify", _models.Relu(), "--inputs", npy);
        Assert.True(result.ExitCode == ExitCodes.UserError, result.ToString());
        Assert.Contains("input 'x': the file's array has shape (2, 9) but the model's input is [1,10]", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--labels", "l.npy")]
    [InlineData("--mean", "0.5")]
    public void Input_options_without_inputs_are_usage_errors(string option, string value)
    {
        var result = Cli.Run("verify", _models.Relu(), option, value);
        Assert.True(result.ExitCode == ExitCodes.UserError, result.ToString());
        Assert.Contains($"{option} applies to --inputs", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_image_options_are_usage_errors()
    {
        var result = Cli.Run("verify", _models.Relu(), "--inputs", "x", "--std", "1,zero");
        Assert.True(result.ExitCode == ExitCodes.UserError, result.ToString());
        Assert.Contains("--std 1,zero", result.Err, StringComparison.Ordinal);
    }

    /// <summary>y = table[ids] + x, ids INT64 [2,3] and x FLOAT [2,3].</summary>
    private string TokensPlusX()
    {
        byte[] model = new OnnxModelBuilder(14).Input("ids", [2, 3], DataType.Int64).Input("x", [2, 3])
            .Initializer("table", RandomTensors.Uniform(5, [7]))
            .Node("Gather", ["table", "ids"], ["g"]).Node("Add", ["g", "x"], ["y"]).Output("y").Build();
        return _models.Write("tokens.onnx", model);
    }
}
