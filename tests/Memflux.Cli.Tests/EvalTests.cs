using System.Text.Json;
using Memflux.Data;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

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
        Assert.Equal(["programming", "drift", "read", "dac", "adc", "output-noise", "ir-drop", "faults", "read-weight-noise"], costs.Keys);
        Assert.False(costs["ir-drop"].GetProperty("in_preset").GetBoolean());
        Assert.False(costs["read-weight-noise"].GetProperty("in_preset").GetBoolean()); // pcm-aihwkit has it, pcm not
        Assert.Equal(JsonValueKind.Null, costs["faults"].GetProperty("mean").ValueKind);
        Assert.True(costs["drift"].GetProperty("in_preset").GetBoolean());
        Assert.InRange(costs["drift"].GetProperty("mean").GetDouble(), 0.5, 1.0);
        Assert.Equal("top-1 accuracy", a.GetProperty("metric").GetString());
    }

    [Fact]
    public void Text_output_is_a_table_beside_the_reference()
    {
        var result = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", "--preset", "ideal", "--times", "1h", "--seeds", "1", "--limit", "50");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("reference (ONNX Runtime)", result.Out, StringComparison.Ordinal);
        Assert.Contains("1h", result.Out, StringComparison.Ordinal);
        Assert.Contains("n/a (1 chip)", result.Out, StringComparison.Ordinal);
        Assert.Contains("fidelity to the digital reference", result.Out, StringComparison.Ordinal);
        Assert.Contains("not a matrix operation", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundled_image_path_keeps_its_accuracies_and_adds_fidelity()
    {
        // Measured at c80c532 (before eval went through FidelityEvaluator) with the same command; measured again when
        // programming began to round the device state to 16-bit grids (issue 14 §3): chip 0 gained one image of 600 at
        // 1 s (0.925) and at 1 d (0.91833), chip 1 two at 1 d (0.88).
        var result = Cli.Run("eval", "--model", "fashion-cnn", "--dataset", "fashion-mnist", "--times", "1s,1d", "--seeds", "2", "--limit", "600", "--batch-size", "256", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(0.9333333333333333, root.GetProperty("reference_accuracy").GetDouble(), 12);
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([0.9266666666666666, 0.93], results[0].GetProperty("accuracy_per_chip").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0.92, 0.8833333333333333], results[1].GetProperty("accuracy_per_chip").EnumerateArray().Select(e => e.GetDouble()));
        var fidelity = Assert.Single(results[1].GetProperty("fidelity").EnumerateArray());
        Assert.Equal("logits", fidelity.GetProperty("output").GetString());
        Assert.InRange(fidelity.GetProperty("top1_agreement").GetProperty("mean").GetDouble(), 0.85, 1.0);
        Assert.InRange(fidelity.GetProperty("nrmse").GetProperty("mean").GetDouble(), 0.01, 1.0);
        Assert.Equal(3, root.GetProperty("runs").GetInt32());
    }

    [Fact]
    public void Inputs_of_several_types_report_fidelity_per_output_and_the_digital_attention_products()
    {
        using var models = new TestModels();
        string model = models.Write("attention.onnx", AttentionModel.Build(batch: 2));
        string inputs = WriteTokens(models, samples: 6);
        var result = Cli.Run("eval", "--model", model, "--inputs", inputs, "--preset", "pcm", "--times", "1s,1d", "--seeds", "2", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(inputs, root.GetProperty("inputs").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("dataset").ValueKind);
        Assert.Equal(6, root.GetProperty("samples").GetInt32());
        Assert.Equal(3, root.GetProperty("runs").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("reference_accuracy").ValueKind);
        Assert.Equal(["q", "k", "v"], root.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("layer").GetString()));
        var products = root.GetProperty("digital").EnumerateArray().Where(d => d.GetProperty("op_type").GetString() == "MatMul").ToList();
        Assert.Equal(2, products.Count);
        Assert.All(products, d => Assert.Contains("activation x activation", d.GetProperty("reason").GetString(), StringComparison.Ordinal));
        foreach (var time in root.GetProperty("results").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Null, time.GetProperty("accuracy_mean").ValueKind);
            var outputs = time.GetProperty("fidelity").EnumerateArray().ToList();
            Assert.Equal(["probs", "context"], outputs.Select(o => o.GetProperty("output").GetString()));
            foreach (var o in outputs)
            {
                Assert.InRange(o.GetProperty("nrmse").GetProperty("mean").GetDouble(), 1e-5, 0.5);
                Assert.InRange(o.GetProperty("cosine").GetProperty("mean").GetDouble(), 0.8, 1.0);
                Assert.InRange(o.GetProperty("top1_agreement").GetProperty("mean").GetDouble(), 0.5, 1.0);
                Assert.Equal(2, o.GetProperty("snr_db").GetProperty("per_chip").GetArrayLength());
            }
        }
    }

    [Fact]
    public void Random_inputs_draw_token_ids_over_the_embedding_and_split_into_runs_of_the_batch()
    {
        using var models = new TestModels();
        string model = models.Write("attention.onnx", AttentionModel.Build(batch: 2));
        string[] args = ["eval", "--model", model, "--random-inputs", "6", "--preset", "pcm", "--times", "1s,1d", "--seeds", "1", "--json"];
        var result = Cli.Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal("random samples, seed 0", root.GetProperty("inputs").GetString());
        Assert.Equal(6, root.GetProperty("samples").GetInt32());
        Assert.Equal(3, root.GetProperty("runs").GetInt32());
        Assert.Contains("indices into a table of", result.Err, StringComparison.Ordinal);
        foreach (var time in root.GetProperty("results").EnumerateArray())
        {
            foreach (var o in time.GetProperty("fidelity").EnumerateArray())
            {
                // The mask is a float input, so it is drawn uniform [0, 1) too: 'probs' may saturate to the reference's.
                double low = o.GetProperty("output").GetString() == "context" ? 1e-5 : 0;
                Assert.InRange(o.GetProperty("nrmse").GetProperty("mean").GetDouble(), low, 0.5);
            }
        }

        // Seeded: the same command gives the same figures.
        var again = Cli.Run(args);
        Assert.True(again.ExitCode == 0, again.ToString());
        using var second = JsonDocument.Parse(again.Out);
        Assert.Equal(root.GetProperty("results").GetRawText(), second.RootElement.GetProperty("results").GetRawText());
    }

    [Theory]
    [InlineData(new[] { "--random-inputs", "5" }, "multiple of 2")]
    [InlineData(new[] { "--random-inputs", "4", "--labels", "labels.npy" }, "--labels: applies with --inputs only")]
    [InlineData(new[] { "--random-inputs", "4", "--limit", "3" }, "--limit: applies with --dataset only")]
    [InlineData(new[] { "--random-inputs", "4", "--dataset", "mnist" }, "--dataset and --random-inputs")]
    [InlineData(new[] { "--random-inputs", "0" }, "--random-inputs")]
    public void Random_inputs_refuse_what_does_not_apply(string[] args, string named)
    {
        using var models = new TestModels();
        string model = models.Write("attention.onnx", AttentionModel.Build(batch: 2));
        var result = Cli.Run(["eval", "--model", model, "--times", "1s", "--seeds", "1", .. args]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(named, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_test_data_folders_are_inputs_too()
    {
        using var models = new TestModels();
        string model = models.Write("attention.onnx", AttentionModel.Build(batch: 2));
        for (int set = 0; set < 2; set++)
        {
            string folder = System.IO.Directory.CreateDirectory(Path.Combine(models.Directory, "data", $"test_data_set_{set}")).FullName;
            var (ids, positions, mask) = AttentionModel.Inputs(2, seed: set);
            OnnxTensorFile.Write(Path.Combine(folder, "input_0.pb"), "ids", ids);
            OnnxTensorFile.Write(Path.Combine(folder, "input_1.pb"), "positions", positions);
            OnnxTensorFile.Write(Path.Combine(folder, "input_2.pb"), "mask", mask);
        }

        var result = Cli.Run("eval", "--model", model, "--inputs", Path.Combine(models.Directory, "data"), "--preset", "ideal", "--times", "1s", "--seeds", "1", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(2, doc.RootElement.GetProperty("runs").GetInt32());
        Assert.Equal(4, doc.RootElement.GetProperty("samples").GetInt32());
        foreach (var o in doc.RootElement.GetProperty("results")[0].GetProperty("fidelity").EnumerateArray())
        {
            Assert.InRange(o.GetProperty("nrmse").GetProperty("mean").GetDouble(), 0, 1e-5);
        }
    }

    [Fact]
    public void Inputs_with_labels_give_the_same_accuracies_as_the_bundled_dataset()
    {
        using var models = new TestModels();
        var data = Memflux.Data.Dataset.Load(RepositoryPaths.Combine("data", "mnist"), "test");
        string images = Path.Combine(models.Directory, "images.npy"), labels = Path.Combine(models.Directory, "labels.npy");
        NpyWriter.Write(images, Memflux.Chip.Analog.ImageBatches.Slice(data.Images, 0, 96));
        NpyWriter.Write(labels, Tensor.FromInt64([.. data.Labels.Take(96).Select(l => (long)l)], new TensorShape(96)));
        var fromInputs = Cli.Run("eval", "--model", "mnist-lenet5", "--inputs", images, "--labels", labels, "--batch", "32", "--times", "1s,1d", "--seeds", "2", "--json");
        var fromDataset = Cli.Run("eval", "--model", "mnist-lenet5", "--dataset", "mnist", "--limit", "96", "--batch-size", "32", "--times", "1s,1d", "--seeds", "2", "--json");
        Assert.True(fromInputs.ExitCode == 0, fromInputs.ToString());
        Assert.True(fromDataset.ExitCode == 0, fromDataset.ToString());
        using var a = JsonDocument.Parse(fromInputs.Out);
        using var b = JsonDocument.Parse(fromDataset.Out);
        Assert.Equal("Memflux reference executor", a.RootElement.GetProperty("reference").GetString());
        Assert.Equal("ONNX Runtime", b.RootElement.GetProperty("reference").GetString());
        Assert.Equal("logits", a.RootElement.GetProperty("labelled_output").GetString());
        Assert.Equal(b.RootElement.GetProperty("reference_accuracy").GetDouble(), a.RootElement.GetProperty("reference_accuracy").GetDouble());
        string Results(JsonDocument d) => d.RootElement.GetProperty("results").GetRawText();
        Assert.Equal(Results(b), Results(a));
    }

    [Fact]
    public void Image_folders_give_labels_from_their_class_folders()
    {
        // MNIST test digits 0 and 1 as PNGs in ROOT/0 and ROOT/1: the sorted class folders are labels 0 and 1, which
        // are also the digits, so an ideal chip scores what the reference scores.
        using var models = new TestModels();
        var data = Memflux.Data.Dataset.Load(RepositoryPaths.Combine("data", "mnist"), "test");
        string root = Path.Combine(models.Directory, "digits");
        int written = 0;
        for (int i = 0; written < 12; i++)
        {
            if (data.Labels[i] > 1)
            {
                continue;
            }

            string folder = System.IO.Directory.CreateDirectory(Path.Combine(root, data.Labels[i].ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
            using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.L8>(28, 28);
            for (int y = 0; y < 28; y++)
            {
                for (int x = 0; x < 28; x++)
                {
                    image[x, y] = new SixLabors.ImageSharp.PixelFormats.L8((byte)Math.Round(data.Images.Float32[(i * 784) + (y * 28) + x] * 255));
                }
            }

            SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, Path.Combine(folder, $"{i:D5}.png"));
            written++;
        }

        var result = Cli.Run("eval", "--model", "mnist-lenet5", "--inputs", root, "--preset", "ideal", "--batch", "4", "--times", "1s", "--seeds", "1", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Out);
        var report = doc.RootElement;
        Assert.Equal(12, report.GetProperty("samples").GetInt32());
        Assert.Equal(3, report.GetProperty("runs").GetInt32());
        Assert.Equal("logits", report.GetProperty("labelled_output").GetString());
        double reference = report.GetProperty("reference_accuracy").GetDouble();
        Assert.InRange(reference, 0.9, 1.0);
        var time = report.GetProperty("results")[0];
        Assert.Equal(reference, time.GetProperty("accuracy_mean").GetDouble());
        Assert.Equal(1.0, time.GetProperty("fidelity")[0].GetProperty("top1_agreement").GetProperty("mean").GetDouble());
        Assert.NotEmpty(report.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public void Attribution_without_labels_attributes_the_first_outputs_error()
    {
        using var models = new TestModels();
        string model = models.Write("attention.onnx", AttentionModel.Build(batch: 2));
        var result = Cli.Run("eval", "--model", model, "--inputs", WriteTokens(models, samples: 4), "--times", "1d", "--seeds", "2", "--attribute");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("normalized RMS error of 'probs' with one non-ideality alone", result.Out, StringComparison.Ordinal);
        Assert.Contains("both operands are computed at run time", result.Out, StringComparison.Ordinal);
        Assert.Contains("fidelity to the digital reference", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("accuracy on the labels", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--labels", "labels.npy", "--labels")]
    [InlineData("--batch", "2", "--batch")]
    [InlineData("--shape", "x=1x1x28x28", "--shape")]
    public void Options_for_inputs_are_refused_with_a_dataset(string option, string value, string named)
    {
        var result = Cli.Run("eval", "--model", "mnist-mlp", "--dataset", "mnist", option, value, "--limit", "10");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(named, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_inputs_are_user_errors_naming_the_file()
    {
        using var models = new TestModels();
        string model = models.Write("attention.onnx", AttentionModel.Build(batch: 2));
        string inputs = WriteTokens(models, samples: 4);
        string labels = Path.Combine(models.Directory, "labels.npy");
        NpyWriter.Write(labels, Tensor.FromInt64([0, 1, 2], new TensorShape(3)));
        var cases = new (string[] Args, string Named)[]
        {
            (["--inputs", Path.Combine(models.Directory, "missing.npz")], "missing.npz"),
            (["--inputs", inputs, "--labels", labels], "3 labels"),
            (["--inputs", inputs, "--dataset", "mnist"], "--dataset and --inputs"),
        };
        foreach (var (args, named) in cases)
        {
            var result = Cli.Run(["eval", "--model", model, "--times", "1s", "--seeds", "1", .. args]);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains(named, result.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        }
    }

    /// <summary>An .npz of <paramref name="samples"/> sequences for <see cref="AttentionModel"/>: int64 ids and positions, fp32 mask.</summary>
    private static string WriteTokens(TestModels models, int samples)
    {
        var (ids, positions, mask) = AttentionModel.Inputs(samples, seed: 3);
        string path = Path.Combine(models.Directory, "tokens.npz");
        NpyWriter.WriteArchive(path, [new("ids", ids), new("positions", positions), new("mask", mask)]);
        return path;
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

    /// <summary>
    /// eval --hw reports energy per inference from the evaluated activations beside the full-scale figure, which is
    /// estimate's for the same model and chip; the measured one is lower (images have dark pixels and small activations)
    /// and the JSON and the text carry both.
    /// </summary>
    [Fact]
    public void Eval_with_hw_reports_data_dependent_energy_beside_the_worst_case()
    {
        var result = Cli.Run("eval", "--model", "fashion-cnn", "--dataset", "fashion-mnist", "--preset", "pcm-hermes", "--hw", "hermes", "--times", "1h", "--seeds", "1", "--limit", "64", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(result.Out);
        var energy = doc.RootElement.GetProperty("energy");
        double measured = energy.GetProperty("energy_per_inference_j").GetDouble();
        double worst = energy.GetProperty("worst_case_energy_per_inference_j").GetDouble();
        Assert.InRange(measured, worst * 0.05, worst * 0.999);
        Assert.Equal(0, energy.GetProperty("layers_at_full_scale").GetArrayLength());

        var estimate = Cli.Run("estimate", "--model", "fashion-cnn", "--hw", "hermes", "--json");
        using var est = System.Text.Json.JsonDocument.Parse(estimate.Out);
        Assert.Equal(est.RootElement.GetProperty("energy_per_inference_j").GetDouble(), worst, worst * 1e-9);

        var text = Cli.Run("eval", "--model", "fashion-cnn", "--dataset", "fashion-mnist", "--preset", "pcm-hermes", "--hw", "hermes", "--times", "1h", "--seeds", "1", "--limit", "16");
        Assert.Contains("energy per inference from the evaluated activations", text.Out, StringComparison.Ordinal);
    }
}
