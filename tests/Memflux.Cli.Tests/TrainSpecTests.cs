using System.Text.Json;
using Memflux.Numerics;
using Memflux.TestSupport;
using Memflux.Training;
using Memflux.Training.Zoo;

namespace Memflux.Cli.Tests;

/// <summary><c>memflux train --model "SPEC"</c>: a network written in the architecture-spec grammar, end to end.</summary>
public sealed class TrainSpecTests : IDisposable
{
    private const string Spec = "conv(8,3,pad=1)-bn-relu-maxpool(2)-res(16,stride=2)-flatten-fc(10)";
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-train-spec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_spec_model_trains_two_hundred_steps_loss_falls_and_the_onnx_file_gives_its_accuracy_in_ort()
    {
        // 3200 images in batches of 16: 200 optimizer steps in one epoch.
        const int Train = 3200, Test = 200;
        var (images, labels) = TrainTests.WriteDataset(_dir, "fashion-mnist", Train, Test);
        string output = Path.Combine(_dir, "spec.onnx");
        var result = Cli.Run(["train", "--model", Spec, "--dataset", "fashion-mnist", "--data", _dir, "--epochs", "1", "--batch-size", "16", "--seed", "7", "-o", output, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--model is an architecture spec: trained on fashion-mnist with the spec recipe (adam, cosine schedule", result.Err, StringComparison.Ordinal);

        var root = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(Spec, root.GetProperty("model").GetString());
        Assert.Equal("adam", root.GetProperty("optimizer").GetString());
        Assert.Equal(0.001, root.GetProperty("learning_rate").GetDouble(), 6);
        Assert.Equal(16, root.GetProperty("batch_size").GetInt32());
        Assert.Equal(ZooModels.Resolve(Spec).Build(0).ParameterCount(), root.GetProperty("parameters").GetInt64());

        // The loss falls: the same network untrained (same seed) against the trained one, on the test images.
        var x = Tensor.FromFloat32([.. images.Select(b => b / 255f)], new TensorShape(Test, 1, 28, 28));
        var testSet = new LabeledImages(x.Float32.ToArray(), [.. labels.Select(l => (int)l)], 1, 28, 28, 10);
        double untrained = Trainer.Evaluate(ZooModels.Resolve(Spec, "fashion-mnist").Build(7), testSet).Loss;
        double trained = root.GetProperty("test_loss").GetDouble();
        Assert.True(trained < 0.5 * untrained, $"test loss {trained} after 200 steps, {untrained} untrained");
        Assert.True(root.GetProperty("train_loss").GetDouble() < untrained);
        double accuracy = root.GetProperty("test_accuracy").GetDouble();
        Assert.True(accuracy >= 0.8, $"test accuracy {accuracy} (chance is 0.1)");

        // The exported file runs in ONNX Runtime with the trainer's accuracy.
        var logits = OrtOracle.Run(File.ReadAllBytes(output), new Dictionary<string, Tensor> { ["input"] = x })["logits"].Float32.ToArray();
        int correct = Enumerable.Range(0, Test).Count(i => ArgMax(logits.AsSpan(i * 10, 10)) == labels[i]);
        Assert.Equal((double)correct / Test, accuracy, 12);
    }

    [Theory]
    [InlineData("conv(8,3)-fc(10)", "fc needs a flat input [N,F] but gets [N,8,26,26]; insert 'flatten'")]
    [InlineData("conv(8,3)-pool(2)-flatten-fc(10)", "column 11: layer 2 'pool(2)': unknown layer 'pool'")]
    [InlineData("mlp(784,256,128)", "the network ends with 128 outputs; expected 10 logits")]
    [InlineData("conv(8,3,padding=1)-gap-fc(10)", "has no argument 'padding'")]
    [InlineData("mnist-lenet", "model 'mnist-lenet' is not in the zoo")]
    public void A_bad_spec_is_a_user_error_before_any_data_loads(string spec, string message)
    {
        // No dataset is written: the spec must fail first.
        var result = Cli.Run(["train", "--model", spec, "--data", _dir, "-o", Path.Combine(_dir, "x.onnx")]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error: ", result.Err, StringComparison.Ordinal);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("dataset directory not found", result.Err, StringComparison.Ordinal);
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
}
