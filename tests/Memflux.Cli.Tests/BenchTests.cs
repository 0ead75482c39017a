using System.Text.Json;
using Memflux.Cli.Commands;
using Memflux.Cli.Infrastructure;
using Memflux.Experiments;

namespace Memflux.Cli.Tests;

public class BenchTests
{
    [Fact]
    public void Json_results_have_name_times_and_ratio()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, CliServices.Default) { Quiet = true };
        int code = BenchCommand.Execute(context, new BenchPlan([17], [], Runs: 1, BudgetSeconds: 1), json: true);

        Assert.Equal(0, code);
        Assert.Equal("", error.ToString()); // --quiet: no step lines, and no notes to make
        using var doc = JsonDocument.Parse(output.ToString());
        var result = Assert.Single(doc.RootElement.GetProperty("results").EnumerateArray().ToList());
        Assert.Equal("gemm 17^3", result.GetProperty("name").GetString());
        Assert.True(result.GetProperty("memflux_s").GetDouble() > 0);
        Assert.True(result.GetProperty("onnxruntime_s").GetDouble() > 0);
        Assert.Equal(
            result.GetProperty("memflux_s").GetDouble() / result.GetProperty("onnxruntime_s").GetDouble(),
            result.GetProperty("ratio_vs_onnxruntime").GetDouble(),
            9);
        Assert.Equal("default, session.intra_op.allow_spinning=0", doc.RootElement.GetProperty("ort_session_options").GetString());
    }

    [Fact]
    public void Analog_bench_times_a_bert_shaped_encoder_on_the_chip_against_onnx_runtime()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, CliServices.Default);
        var shape = new BertShape(Layers: 1, Hidden: 32, Heads: 2, FeedForward: 64, Vocabulary: 50, Sequence: 8);
        var result = AnalogBenchmarks.Bert(context, Memflux.Chip.Analog.AnalogPreset.Get("pcm"), new BenchPlan([], [], Runs: 1, BudgetSeconds: 1), shape, _ => { });

        Assert.Equal("bert 1x32 seq 8 (pcm)", result.Name);
        Assert.True(result.MemfluxS > 0 && result.OrtS > 0, $"{result}");
        Assert.True(result.Ratio > 0, $"{result}");
        Assert.True(result.Flops > 2.0 * ((shape.Sequence * shape.Hidden * shape.Vocabulary) + (shape.Sequence * 4 * shape.Hidden * shape.Hidden)), $"{result}");
    }

    [Fact]
    public void A_users_model_is_timed_on_its_own_inputs_with_symbolic_dimensions_fixed()
    {
        using var models = new TestModels();
        var bert = Memflux.TestSupport.Models.ExportedModels.Bert(batch: 1, sequence: 4, layers: 1);
        var proto = global::Onnx.ModelProto.Parser.ParseFrom(bert.Bytes);
        foreach (var input in proto.Graph.Input)
        {
            input.Type.TensorType.Shape.Dim[1] = new global::Onnx.TensorShapeProto.Types.Dimension { DimParam = "sequence" };
        }

        string path = models.Write("bert.onnx", Google.Protobuf.MessageExtensions.ToByteArray(proto));
        string inputs = Path.Combine(models.Directory, "inputs.npz");
        Memflux.Data.NpyWriter.WriteArchive(inputs, bert.Inputs(3));

        foreach (string[] extra in new[] { Array.Empty<string>(), new[] { "--inputs", inputs } })
        {
            var result = Cli.Run(["bench", "--model", path, "--dim", "sequence=4", "--quick", "--json", .. extra]);
            Assert.True(result.ExitCode == 0, result.ToString());
            using var doc = JsonDocument.Parse(result.Out);
            var only = Assert.Single(doc.RootElement.GetProperty("results").EnumerateArray().ToList());
            Assert.Equal("bert.onnx", only.GetProperty("name").GetString());
            Assert.True(only.GetProperty("memflux_s").GetDouble() > 0 && only.GetProperty("onnxruntime_s").GetDouble() > 0);
            Assert.DoesNotContain("differ", result.Err, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_plan_says_whether_onnx_runtime_may_spin(bool spinning)
    {
        var requested = new List<bool>();
        var services = new CliServices
        {
            CreateOrtRunner = (bytes, source, allowSpinning) =>
            {
                requested.Add(allowSpinning);
                return CliServices.Default.CreateOrtRunner(bytes, source, allowSpinning);
            },
        };
        using var output = new StringWriter();
        var context = new CliContext(output, new StringWriter(), services);
        var plan = new BenchPlan([8], [], Runs: 1, BudgetSeconds: 1) { OrtSpinning = spinning };

        Assert.Equal(0, BenchCommand.Execute(context, plan, json: true));
        Assert.Equal([spinning], requested);
        using var doc = JsonDocument.Parse(output.ToString());
        Assert.Equal(spinning ? "default" : "default, session.intra_op.allow_spinning=0", doc.RootElement.GetProperty("ort_session_options").GetString());
    }
}
