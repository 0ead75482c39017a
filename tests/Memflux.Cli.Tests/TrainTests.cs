using System.Text.Json;
using Memflux.Data;
using Memflux.Graph.Execution;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary><c>memflux train</c> end to end on a tiny synthetic IDX dataset written by the test.</summary>
public sealed class TrainTests : IDisposable
{
    private const int TrainCount = 96, TestCount = 40;
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("mnist-lenet5", "mnist", new[] { "--hwa", "pcm" })]
    [InlineData("fashion-cnn", "fashion-mnist", new[] { "--fold-bn" })]
    [InlineData("fashion-mlp", "fashion-mnist", new string[0])]
    public void One_short_epoch_writes_an_onnx_file_that_ort_and_memflux_run_with_the_trainers_accuracy(string model, string dataset, string[] extra)
    {
        var (images, labels) = WriteDataset(dataset);
        string output = Path.Combine(_dir, model + ".onnx");
        var result = Cli.Run(["train", "--model", model, "--data", _dir, "--epochs", "1", "--batch-size", "16", "--seed", "3", "-o", output, "--json", .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("epoch 1/1", result.Err, StringComparison.Ordinal);

        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(model, root.GetProperty("model").GetString());
        Assert.Equal(dataset, root.GetProperty("dataset").GetString());
        Assert.Equal(1, root.GetProperty("epochs").GetInt32());
        Assert.Equal(16, root.GetProperty("batch_size").GetInt32());
        Assert.Equal(3UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(TestCount, root.GetProperty("test_samples").GetInt32());
        Assert.Equal(extra.Contains("pcm") ? "noise=0.038,clip=2.5,dac-bits=8,adc-bits=8,mult-noise=0,drop-connect=0,per-channel=false" : "none", root.GetProperty("hwa").GetString());
        Assert.True(root.GetProperty("images_per_second").GetDouble() > 0);
        Assert.Single(root.GetProperty("history").EnumerateArray());

        // The written file loads in ONNX Runtime and in Memflux, they agree, and ORT's accuracy is the trainer's.
        byte[] onnx = File.ReadAllBytes(output);
        var x = Tensor.FromFloat32([.. images.Select(b => b / 255f)], new TensorShape(TestCount, 1, 28, 28));
        var inputs = new Dictionary<string, Tensor> { ["input"] = x };
        var ort = OrtOracle.Run(onnx, inputs)["logits"];
        var graph = OnnxImporter.Load(onnx, output, new ImportOptions { BatchSize = TestCount, Pipeline = PassPipeline.Default });
        var ours = new ReferenceExecutor(graph).Run(inputs)["logits"];
        OperatorCheck.AssertClose(ort, ours, 1e-4f, 1e-4f, "logits");
        var logits = ort.Float32.ToArray();
        int correct = Enumerable.Range(0, TestCount).Count(i => ArgMax(logits.AsSpan(i * 10, 10)) == labels[i]);
        Assert.Equal((double)correct / TestCount, root.GetProperty("test_accuracy").GetDouble(), 12);
    }

    [Fact]
    public void Accuracy_verb_reproduces_the_trainers_test_accuracy_in_ort_and_memflux()
    {
        WriteDataset("mnist");
        string output = Path.Combine(_dir, "mlp.onnx");
        var train = Cli.Run(["train", "--model", "mnist-mlp", "--data", _dir, "--epochs", "1", "--batch-size", "16", "-o", output, "--json"]);
        Assert.True(train.ExitCode == 0, train.ToString());
        double trainerAccuracy = JsonDocument.Parse(train.Out).RootElement.GetProperty("test_accuracy").GetDouble();

        // 40 test images in batches of 7: the last batch (5) exercises a second import at another batch size.
        var result = Cli.Run(["accuracy", output, "--dataset", "mnist", "--data", _dir, "--batch-size", "7", "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(TestCount, root.GetProperty("samples").GetInt32());
        Assert.Equal(trainerAccuracy, root.GetProperty("ort_accuracy").GetDouble(), 12);
        Assert.Equal(trainerAccuracy, root.GetProperty("memflux_accuracy").GetDouble(), 12);
        Assert.Equal(1.0, root.GetProperty("prediction_agreement").GetDouble());
    }

    [Fact]
    public void An_output_folder_that_refuses_files_is_an_error_before_training()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        WriteDataset("mnist");
        var result = Cli.Run(["train", "--model", "mnist-mlp", "--data", _dir, "--epochs", "1", "-o", "/proc/x.onnx"]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("/proc/x.onnx: cannot write the trained model: cannot create a file in /proc", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Accuracy_verb_names_a_missing_dataset_directory()
    {
        var result = Cli.Run(["accuracy", "whatever.onnx", "--dataset", "fashion-mnist", "--data", _dir]);
        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public void Text_output_is_a_table_and_the_file_is_written()
    {
        WriteDataset("mnist");
        string output = Path.Combine(_dir, "mlp.onnx");
        var result = Cli.Run("train", "--model", "mnist-mlp", "--data", _dir, "--epochs", "1", "--batch-size", "32", "-o", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("test accuracy", result.Out, StringComparison.Ordinal);
        Assert.Contains("images/s", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void A_missing_dataset_directory_is_a_user_error_naming_the_path()
    {
        var result = Cli.Run("train", "--model", "mnist-mlp", "--data", _dir, "-o", Path.Combine(_dir, "x.onnx"));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(Path.Combine(_dir, "mnist"), result.Err, StringComparison.Ordinal);
        Assert.Contains("dataset directory not found", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--model", "resnet50", "model 'resnet50' is not in the zoo")]
    [InlineData("--hwa", "noise=0.03,bits=8", "unknown key 'bits'")]
    [InlineData("--hwa", "noise=2", "noise must be a number in [0, 1], found '2'")]
    [InlineData("--dataset", "cifar10", "--dataset 'cifar10' is not known")]
    [InlineData("--epochs", "0", "--epochs must be at least 1")]
    public void Bad_arguments_are_user_errors(string option, string value, string message)
    {
        WriteDataset("mnist");
        string[] args = option == "--model"
            ? ["train", option, value, "--data", _dir, "-o", Path.Combine(_dir, "x.onnx")]
            : ["train", "--model", "mnist-mlp", option, value, "--data", _dir, "-o", Path.Combine(_dir, "x.onnx")];
        var result = Cli.Run(args);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
    }

    private static int ArgMax(ReadOnlySpan<float> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > x[best])
            {
                best = i;
            }
        }

        return best;
    }

    private (byte[] TestImages, byte[] TestLabels) WriteDataset(string name) => WriteDataset(_dir, name, TrainCount, TestCount);

    /// <summary>Writes a synthetic <paramref name="name"/> IDX set under <paramref name="root"/>; returns the test images and labels.</summary>
    // Class c is a bright 4-row band at rows 2c..2c+3 plus noise: learnable, 28×28 like the real sets.
    internal static (byte[] TestImages, byte[] TestLabels) WriteDataset(string root, string name, int trainCount, int testCount)
    {
        string dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        var rng = new Random(42);
        (byte[], byte[]) Make(int count)
        {
            byte[] images = new byte[count * 784];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++)
            {
                int c = rng.Next(10);
                labels[i] = (byte)c;
                for (int p = 0; p < 784; p++)
                {
                    int row = p / 28;
                    images[(i * 784) + p] = (byte)((row >= 2 * c && row < (2 * c) + 4 ? 200 : 0) + rng.Next(50));
                }
            }

            return (images, labels);
        }

        var (trainImages, trainLabels) = Make(trainCount);
        var (testImages, testLabels) = Make(testCount);
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte.gz"), IdxWriter.Serialize([trainCount, 28, 28], trainImages, gzip: true));
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte.gz"), IdxWriter.Serialize([trainCount], trainLabels, gzip: true));
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte"), IdxWriter.Serialize([testCount, 28, 28], testImages, gzip: false));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte"), IdxWriter.Serialize([testCount], testLabels, gzip: false));
        return (testImages, testLabels);
    }
}
