using Memflux.Experiments;

namespace Memflux.Sweeps.Tests;

public class PointCostTests
{
    // The repository's models folder, where "fashion-cnn.onnx" resolves.
    private static readonly string Models = Path.Combine(
        Enumerable.Range(0, 8).Select(up => Path.GetFullPath(Path.Combine([AppContext.BaseDirectory, .. Enumerable.Repeat("..", up)])))
            .First(d => File.Exists(Path.Combine(d, "models", "fashion-cnn.onnx"))),
        "models");

    private static Experiment Parse(string json) => ExperimentFile.Parse(json, "point.json", Models);

    [Fact]
    public void Accuracy_points_cost_macs_times_samples_times_read_times_times_seeds_and_estimates_one_image()
    {
        var estimate = Parse("""{ "model": "fashion-cnn.onnx", "inputs": { "random": 100 }, "metrics": { "estimate": true, "accuracy": false } }""");
        var accuracy = Parse("""{ "model": "fashion-cnn.onnx", "inputs": { "random": 100 }, "times": [1, 86400, 31536000], "seeds": { "count": 2 }, "metrics": { "estimate": true, "accuracy": true } }""");
        var dataset = Parse("""{ "model": "fashion-cnn.onnx", "inputs": { "dataset": "fashion-mnist" }, "times": [1], "seeds": { "count": 1 }, "metrics": { "estimate": false, "accuracy": true } }""");
        Assert.Equal(1_000, PointCost.Of(estimate, 1_000));
        Assert.Equal(1_000 * (1 + (100 * 3 * 2)), PointCost.Of(accuracy, 1_000));
        Assert.Equal(1_000.0 * PointCost.DatasetSamples, PointCost.Of(dataset, 1_000));
        Assert.Equal(2 * PointCost.Of(accuracy, 1_000), PointCost.Of(accuracy, 2_000));
    }
}
