using System.Text.Json.Nodes;
using Memflux.Cli.Commands;
using Memflux.Cli.Infrastructure;
using Memflux.Experiments;
using Memflux.Sweeps;

namespace Memflux.Cli.Tests;

/// <summary>
/// Accuracy sweeps reuse the data, the imports, the digital reference and the programmed chips between points (issue 17
/// §3): every figure must still be the one the point gives alone, and only read-side changes may share devices.
/// </summary>
public sealed class SweepReuseTests : IDisposable
{
    // 2 ADC resolutions × 2 time lists × 2 program-and-verify settings; program-and-verify, which changes the programmed
    // devices, is the fastest axis, so consecutive points never share devices until InRunOrder groups them. pcm-hermes
    // calibrates an affine correction and a drift reference through the ADC, so the ADC axis also tests recalibration.
    // Two chips per point and 40 images in two feeds keep a point under a second or two.
    private const string Sweep = """
        {
          "experiment": {
            "model": "fashion-cnn",
            "inputs": { "dataset": "fashion-mnist", "limit": 40, "batch_size": 20 },
            "device": { "preset": "pcm-hermes" },
            "seeds": { "count": 2 }
          },
          "axes": {
            "device.overrides.tiles.adc.bits": [6, 8],
            "times": [["1h"], ["1d", "1y"]],
            "device.overrides.tiles.program_verify.max_iterations": [0, 2]
          }
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-sweep-reuse-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Points_sharing_programmed_chips_reuse_them_and_every_figure_equals_the_point_run_alone()
    {
        string sweep = Path.Combine(_dir, "sweep.json");
        File.WriteAllText(sweep, Sweep);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, CliServices.Default) { Quiet = true };
        var (points, runner) = SweepCommand.Load(context, sweep);
        Assert.Equal(8, points.Count);
        var order = runner.InRunOrder(points);
        Assert.Equal([0, 2, 4, 6, 1, 3, 5, 7], order.Select(p => p.Index));

        // Killed after three points, then resumed by the same process: finished points are skipped, none runs twice.
        string db = Path.Combine(_dir, "reuse.db");
        var ran = new List<int>();
        using (var store = ResultsStore.Open(db))
        {
            Assert.Throws<OperationCanceledException>(() => SweepRunner.Run(order, Shard.Whole, store, ExperimentPoints.MemfluxVersion, p =>
                ran.Count == 3 ? throw new OperationCanceledException() : Run(p)));
            var resumed = SweepRunner.Run(order, Shard.Whole, store, ExperimentPoints.MemfluxVersion, Run);
            Assert.Equal((3, 5), (resumed.Skipped, resumed.Ran));
        }

        Assert.Equal([0, 2, 4, 6, 1, 3, 5, 7], ran);

        // Two programming keys × two seeds programmed once each; the other six points' twelve chips reuse them.
        Assert.Equal((4, 12), (runner.Reuse.ChipsProgrammed, runner.Reuse.ChipsReused));
        Assert.Equal((1, 7), (runner.Reuse.DataPrepared, runner.Reuse.DataReused));

        using var reused = ResultsStore.Open(db, readOnly: true);
        var stored = reused.Points();
        Assert.Equal(8, stored.Count);
        foreach (var point in stored)
        {
            // The same point as a one-point sweep in a fresh process state: nothing to reuse.
            string alone = Path.Combine(_dir, $"alone-{point.Index}.json");
            File.WriteAllText(alone, new JsonObject { ["experiment"] = JsonNode.Parse(point.Config) }.ToJsonString());
            string aloneDb = Path.Combine(_dir, $"alone-{point.Index}.db");
            var result = Cli.Run("sweep", alone, "-o", aloneDb);
            Assert.True(result.ExitCode == 0, result.ToString());
            using var aloneStore = ResultsStore.Open(aloneDb, readOnly: true);
            var single = Assert.Single(aloneStore.Points());
            Assert.Equal(single.Id, point.Id);
            Assert.Contains(point.Figures, f => f.Name == "accuracy");
            Assert.Contains(point.Figures, f => f.Name == "energy_per_inference_j");
            Assert.Equal(single.Figures, point.Figures);
        }

        // And as memflux run runs it (the estimate computed there, not taken from the sweep's cache).
        var last = stored[^1];
        var experiment = ExperimentFile.Parse(last.Config, sweep, _dir);
        var run = ExperimentRunner.Run(context, experiment, new ExperimentRecord(null, last.Config));
        Assert.Equal(ExperimentPoints.Figures(run), last.Figures);

        IReadOnlyList<SweepFigure> Run(SweepPoint point)
        {
            ran.Add(point.Index);
            return runner.Run(point);
        }
    }
}
