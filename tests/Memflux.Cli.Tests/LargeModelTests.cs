using System.Text.Json;
using Memflux.Experiments;
using Memflux.Numerics;

namespace Memflux.Cli.Tests;

/// <summary>Models with external data through the verbs, the import benchmark, and the BERT-base generator at a small size.</summary>
public sealed class LargeModelTests : IDisposable
{
    private static readonly BertShape Tiny = new(Layers: 2, Hidden: 16, Heads: 4, FeedForward: 32, Vocabulary: 50, Sequence: 8);

    private readonly TestModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void The_bert_generator_writes_a_model_that_verifies_against_onnx_runtime()
    {
        string path = Path.Combine(_models.Directory, "bert.onnx");
        BertBaseModel.Write(path, Tiny, seed: 1, externalData: false);

        var result = Cli.Run("verify", path, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.True(doc.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal([8, 50], doc.RootElement.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
    }

    [Fact]
    public void The_bert_generator_counts_its_weights()
    {
        var graph = BertBaseModel.Build(Tiny, seed: 1);

        long weights = graph.Constants.Where(c => c.Type == DataType.Float32 && c.Constant!.Shape.Rank > 0).Sum(c => (long)c.Constant!.Length);
        Assert.Equal(Tiny.WeightCount, weights);
        Assert.Equal(108_595_200, new BertShape().WeightCount);
    }

    [Fact]
    public void Verify_and_inspect_read_external_data_next_to_the_model()
    {
        string path = Path.Combine(_models.Directory, "bert-external.onnx");
        BertBaseModel.Write(path, Tiny, seed: 2, externalData: true);
        Assert.True(File.Exists(path + ".data"));

        var verify = Cli.Run("verify", path, "--json");
        var inspect = Cli.Run("inspect", path, "--json");

        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        using var doc = JsonDocument.Parse(verify.Out);
        Assert.True(doc.RootElement.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public void Compile_refuses_a_model_with_external_data_saying_why_and_writes_nothing()
    {
        string path = Path.Combine(_models.Directory, "bert-compile-external.onnx");
        BertBaseModel.Write(path, Tiny, seed: 4, externalData: true);
        string image = Path.Combine(_models.Directory, "external.mfchip");

        var result = Cli.Run("compile", "--model", path, "--hw", "hermes", "--chips", "auto", "-o", image);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: {path}: tensor '", result.Err, StringComparison.Ordinal);
        Assert.Contains("a chip image stores its model in one file", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(image));
    }

    [Fact]
    public void A_location_outside_the_folder_is_a_user_error_naming_tensor_and_path()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_models.Directory, "inner")).FullName;
        File.WriteAllBytes(Path.Combine(_models.Directory, "w.bin"), new byte[16]);
        var builder = new TestSupport.OnnxModelBuilder().Input("x", [1, 4]).Node("Add", ["x", "w"], ["y"]).Output("y");
        builder.Build();
        var w = new global::Onnx.TensorProto { Name = "w", DataType = 1, Dims = { 1, 4 }, DataLocation = global::Onnx.TensorProto.Types.DataLocation.External };
        w.ExternalData.Add(new global::Onnx.StringStringEntryProto { Key = "location", Value = "../w.bin" });
        builder.Model.Graph.Initializer.Add(w);
        string path = Path.Combine(folder, "m.onnx");
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(builder.Model));

        var result = Cli.Run("inspect", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tensor 'w'", result.Err, StringComparison.Ordinal);
        Assert.Contains("'../w.bin', which leaves the model's folder", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_import_reports_both_sides_with_memory()
    {
        string path = Path.Combine(_models.Directory, "bert-bench.onnx");
        BertBaseModel.Write(path, Tiny, seed: 3, externalData: true);

        var result = Cli.Run("bench", "--import", path, "--quick", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("runs").GetInt32());
        Assert.InRange(root.GetProperty("weight_bytes").GetInt64(), Tiny.WeightCount * 4, (Tiny.WeightCount * 4) + 1024); // plus scalars and shapes
        var sides = root.GetProperty("sides").EnumerateArray().ToList();
        Assert.Equal(["memflux import", "onnxruntime session"], sides.Select(s => s.GetProperty("name").GetString()));
        Assert.All(sides, s => Assert.True(s.GetProperty("median_s").GetDouble() > 0));
        Assert.Equal(OperatingSystem.IsLinux(), root.GetProperty("memory_measured").GetBoolean());
    }
}
