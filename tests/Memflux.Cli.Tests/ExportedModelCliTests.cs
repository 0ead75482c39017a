using System.Text.Json;
using Google.Protobuf;
using Memflux.Data;
using Memflux.TestSupport.Models;
using Onnx;

namespace Memflux.Cli.Tests;

/// <summary>
/// The models users bring, through the verbs as a user runs them: BERT and GPT-2 with symbolic batch and sequence
/// dimensions (as exporters with dynamic axes write them) fixed by --dim; every model verified against ONNX Runtime and
/// evaluated on the pcm preset with --inputs, reporting fidelity to the digital reference.
/// </summary>
public sealed class ExportedModelCliTests : IDisposable
{
    private readonly TestModels _models = new();

    public void Dispose() => _models.Dispose();

    public static TheoryData<string> Names => ["bert", "gpt2", "vit", "mobilenetv3", "unet"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Verify_and_eval_with_inputs_run_and_report_fidelity(string name)
    {
        var model = ExportedModels.All().Single(m => m.Name == name);
        bool tokens = name is "bert" or "gpt2";
        var proto = ModelProto.Parser.ParseFrom(model.Bytes);
        if (tokens)
        {
            foreach (var input in proto.Graph.Input)
            {
                input.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
                input.Type.TensorType.Shape.Dim[1] = new TensorShapeProto.Types.Dimension { DimParam = "sequence" };
            }
        }

        string path = _models.Write(name + ".onnx", proto.ToByteArray());
        var feed = model.Inputs(11);
        string[] dims = tokens ? ["--dim", $"batch={feed.First().Value.Shape[0]}", "--dim", $"sequence={feed.First().Value.Shape[1]}"] : [];

        var verify = Cli.Run(["verify", path, "--json", .. dims]);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        using (var doc = JsonDocument.Parse(verify.Out))
        {
            Assert.True(doc.RootElement.GetProperty("max_rel_error").GetDouble() <= 1e-4, verify.Out);
        }

        string inputs = Path.Combine(_models.Directory, name + "-inputs.npz");
        NpyWriter.WriteArchive(inputs, feed);
        var eval = Cli.Run(["eval", "--model", path, "--inputs", inputs, "--preset", "pcm", "--times", "1s,1d", "--seeds", "2", "--json", .. dims]);
        Assert.True(eval.ExitCode == 0, eval.ToString());
        using var report = JsonDocument.Parse(eval.Out);
        Assert.True(report.RootElement.GetProperty("analog_layers").GetInt32() > 0);
        foreach (var result in report.RootElement.GetProperty("results").EnumerateArray())
        {
            foreach (var output in result.GetProperty("fidelity").EnumerateArray())
            {
                double nrmse = output.GetProperty("nrmse").GetProperty("mean").GetDouble();
                Assert.True(nrmse > 0 && nrmse < 1, $"{name} {output.GetProperty("output")}: NRMSE {nrmse} (pcm noise must show, yet stay below the signal)");
            }
        }
    }

    [Fact]
    public void Compile_with_dim_stores_the_fixed_shapes_so_the_image_needs_no_dim()
    {
        var model = ExportedModels.All().Single(m => m.Name == "bert");
        var proto = ModelProto.Parser.ParseFrom(model.Bytes);
        foreach (var input in proto.Graph.Input)
        {
            input.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = "batch" };
            input.Type.TensorType.Shape.Dim[1] = new TensorShapeProto.Types.Dimension { DimParam = "sequence" };
        }

        string path = _models.Write("bert-dynamic.onnx", proto.ToByteArray());
        string image = Path.Combine(_models.Directory, "bert-dynamic.mfchip");
        var sequence = model.Inputs(1).First().Value.Shape[1];

        var unresolved = Cli.Run("compile", "--model", path, "--hw", "hermes", "--chips", "auto", "-o", image);
        Assert.Equal(2, unresolved.ExitCode);
        Assert.False(File.Exists(image));

        var compile = Cli.Run("compile", "--model", path, "--hw", "hermes", "--chips", "auto", "-o", image, "--dim", "batch=1", "--dim", $"sequence={sequence}");
        Assert.True(compile.ExitCode == 0, compile.ToString());
        var estimate = Cli.Run("estimate", "--chip", image, "--json");
        Assert.True(estimate.ExitCode == 0, estimate.ToString());
        var stored = ModelProto.Parser.ParseFrom(Memflux.Chip.Image.ChipImage.LoadHeader(image).ModelBytes);
        Assert.All(stored.Graph.Input, i => Assert.Equal([1L, sequence], i.Type.TensorType.Shape.Dim.Select(d => d.DimValue)));
    }
}
