using Memflux.Data;
using Memflux.Numerics;
using Memflux.TestSupport;
using static Memflux.Samples.Tests.SampleRun;

namespace Memflux.Samples.Tests;

public class ModelSampleTests
{
    private static readonly string FashionCnn = RepositoryPaths.Combine("models", "fashion-cnn.onnx");

    [Fact]
    public void Estimate_prints_one_chip_and_energy_parts_that_add_up()
    {
        string output = Run("EstimateModel", FashionCnn, "hermes");
        Assert.Equal("1", Fields(Lines(output, "chips")[0])[1]);
        Assert.True(Number(Fields(Lines(output, "latency")[0])[1]) > 0);
        double total = Number(Fields(Lines(output, "energy/inference")[0])[1]);
        string[] parts = ["dac", "array", "adc", "accumulate", "activation", "pooling", "buffers", "noc", "leakage", "fixed"];
        double sum = parts.Sum(p => Number(Fields(Lines(output, p + " ")[0])[1])) + Number(Fields(Lines(output, "chip links")[0])[2]);
        Assert.InRange(sum, total - 0.001, total + 0.001); // 11 parts, each rounded to 0.0001 µJ
        var baseline = Fields(Lines(output, "digital baseline")[0]);
        double ratio = Number(baseline[4].TrimStart('(').TrimEnd('×'));
        Assert.Equal(Number(baseline[2]) / total, ratio, 2);
    }

    [Fact]
    public void Noisy_inference_on_ideal_devices_matches_the_reference_exactly()
    {
        var rows = TimeRows(Run("NoisyInference", FashionCnn, "-", "ideal"));
        Assert.All(rows, r => Assert.Equal((100.0, 0.0), (r.Agreement, r.Nrmse)));
    }

    [Fact]
    public void Noisy_inference_on_pcm_with_brought_inputs_degrades_with_drift()
    {
        string folder = Directory.CreateTempSubdirectory("memflux-sample-").FullName;
        try
        {
            // The user's data: 16 images, split into two runs of the sample's batch 8.
            var random = new Random(3);
            var images = new float[16 * 28 * 28];
            for (int i = 0; i < images.Length; i++)
            {
                images[i] = (float)random.NextDouble();
            }

            string path = Path.Combine(folder, "inputs.npy");
            NpyWriter.Write(path, Tensor.FromFloat32(images, new TensorShape(16, 1, 28, 28)));
            string output = Run("NoisyInference", FashionCnn, path, "pcm");
            Assert.Contains("16 samples from", output, StringComparison.Ordinal);
            var rows = TimeRows(output);
            Assert.True(rows[0].Agreement >= 80, $"top-1 agreement at 1 s is {rows[0].Agreement}%");
            Assert.InRange(rows[0].Nrmse, 0.01, 0.5);
            Assert.True(rows[2].Nrmse > rows[0].Nrmse, $"NRMSE at 1 y ({rows[2].Nrmse}) not above 1 s ({rows[0].Nrmse})");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_experiment_runs_through_the_experiment_layer_with_the_hosts_reference()
    {
        string output = Run("RunExperiment", RepositoryPaths.Root);
        Assert.Contains("step: Memflux reference executor reference on 200 images", output, StringComparison.Ordinal);
        var reference = Fields(Lines(output, "reference accuracy (Memflux reference executor)")[0]);
        double referenceAccuracy = Number(reference[^2]);
        var times = Lines(output, "accuracy at ");
        Assert.Equal(2, times.Length);
        Assert.All(times, t =>
        {
            Assert.EndsWith("over 2 chips", t, StringComparison.Ordinal);
            Assert.InRange(Number(Fields(t)[4]), referenceAccuracy - 10, referenceAccuracy + 1); // analog: at most a little above, within 10 points
        });
        Assert.True(Number(Fields(Lines(output, "energy per inference")[0])[3]) > 0);
    }

    /// <summary>The (top-1 agreement %, NRMSE) of each "t = …" line.</summary>
    private static (double Agreement, double Nrmse)[] TimeRows(string output)
    {
        var rows = Lines(output, "t = ");
        Assert.Equal(3, rows.Length);
        return [.. rows.Select(r =>
        {
            var f = Fields(r);
            int agreement = Array.IndexOf(f, "agreement") + 1, nrmse = Array.IndexOf(f, "NRMSE") + 1;
            return (Number(f[agreement]), Number(f[nrmse]));
        })];
    }
}
