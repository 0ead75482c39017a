using System.Text.Json;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary>
/// Every model in models/manifest.json exists, has the recorded parameter count, and ONNX Runtime re-measures the recorded
/// test accuracy on the full test set: it must equal the trainer's own evaluation and meet the model's target.
/// </summary>
public class ZooManifestTests
{
    /// <summary>Accuracy may move by this much (two images in 10,000) if ORT's float rounding flips a near-tie.</summary>
    private const double AccuracyTolerance = 2e-4;

    public static TheoryData<string> ModelNames()
    {
        var data = new TheoryData<string>();
        foreach (var m in Manifest().GetProperty("models").EnumerateArray())
        {
            data.Add(m.GetProperty("name").GetString()!);
        }

        return data;
    }

    [Fact]
    public void Manifest_lists_the_four_zoo_models()
    {
        var names = Manifest().GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToHashSet();
        Assert.Superset(new HashSet<string> { "mnist-mlp", "mnist-lenet5", "fashion-cnn", "fashion-mlp" }, names);
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void Ort_re_measures_the_recorded_accuracy_on_the_full_test_set(string name)
    {
        var entry = Manifest().GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
        string file = Path.Combine(RepositoryPaths.Root, entry.GetProperty("file").GetString()!);
        string dataset = entry.GetProperty("dataset").GetString()!;

        var inspect = Cli.Run(["inspect", file, "--batch", "1", "--json"]);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Equal(entry.GetProperty("parameters").GetInt64(), JsonDocument.Parse(inspect.Out).RootElement.GetProperty("parameters").GetInt64());

        var result = Cli.Run(["accuracy", file, "--dataset", dataset, "--data", Path.Combine(RepositoryPaths.Root, "data"), "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var measured = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(10_000, measured.GetProperty("samples").GetInt32());
        double ort = measured.GetProperty("ort_accuracy").GetDouble();
        Assert.InRange(ort, entry.GetProperty("test_accuracy_ort").GetDouble() - AccuracyTolerance, entry.GetProperty("test_accuracy_ort").GetDouble() + AccuracyTolerance);
        double trainer = entry.GetProperty("test_accuracy_trainer").GetDouble();
        Assert.True(Math.Abs(ort - trainer) <= AccuracyTolerance, $"{name}: ONNX Runtime measures {ort}, the trainer's own evaluation said {trainer}");
        Assert.True(ort >= entry.GetProperty("target_accuracy").GetDouble(), $"{name}: {ort} is below its target {entry.GetProperty("target_accuracy").GetDouble()}");
    }

    private static JsonElement Manifest() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "models", "manifest.json"))).RootElement;
}
