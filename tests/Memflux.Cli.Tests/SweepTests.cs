using System.Diagnostics;
using System.Text.Json;
using Memflux.Sweeps;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary>
/// <c>memflux sweep</c> end to end: a 3-axis sweep (ADC bits × device preset × plain/HWA model) on fashion-cnn run
/// locally, resumed, reported, and run as a job array on a real one-node Slurm (.ci/slurm-cluster) with one task
/// killed mid-run and resubmitted; the merged shards must equal the local run point for point, figure for figure.
/// </summary>
public sealed class SweepTests : IDisposable
{
    // 2 × 2 × 2 points; 60 images, one chip, one time keep each point to a second or two.
    private const string Sweep = """
        {
          // The base experiment: fashion-cnn on hermes, cost and accuracy.
          "experiment": {
            "model": "fashion-cnn",
            "inputs": { "dataset": "fashion-mnist", "limit": 60, "batch_size": 60 },
            "times": ["1d"],
            "seeds": { "count": 1 }
          },
          "axes": {
            "device.overrides.tiles.adc.bits": [6, 8],
            "device.preset": ["pcm-hermes", "rram"]
          },
          "points": [ { "model": "fashion-cnn" }, { "model": "fashion-cnn-hwa" } ]
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-sweep-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteSweep(string text = Sweep)
    {
        string path = Path.Combine(_dir, "sweep.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] Comparable(string database)
    {
        using var store = ResultsStore.Open(database);
        return [.. store.Points().Select(p => $"{p.Index} {p.Id} {p.Config} {string.Join(";", p.Figures)}")];
    }

    [Fact]
    public void A_local_sweep_resumes_and_reports_pareto_fronts_and_sensitivities()
    {
        string sweep = WriteSweep(), db = Path.Combine(_dir, "r.db");
        var first = Cli.Run("sweep", sweep, "-o", db, "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(8, JsonDocument.Parse(first.Out).RootElement.GetProperty("ran").GetInt32());
        Assert.Contains("[8/8]", first.Err, StringComparison.Ordinal);

        var again = Cli.Run("sweep", sweep, "-o", db, "--json");
        Assert.Equal(0, JsonDocument.Parse(again.Out).RootElement.GetProperty("ran").GetInt32());
        Assert.Equal(8, JsonDocument.Parse(again.Out).RootElement.GetProperty("skipped").GetInt32());

        var report = Cli.Run("sweep", "report", db, "--json");
        Assert.True(report.ExitCode == 0, report.ToString());
        using var json = JsonDocument.Parse(report.Out);
        var points = json.RootElement.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(8, points.Length);
        Assert.Equal("accuracy", json.RootElement.GetProperty("quality").GetProperty("name").GetString());
        Assert.Contains(points, p => p.GetProperty("pareto_energy").GetBoolean());
        Assert.All(points, p => Assert.InRange(p.GetProperty("quality").GetDouble(), 0.3, 1.0));
        Assert.Contains(json.RootElement.GetProperty("sensitivity").EnumerateArray(), s => s.GetProperty("figure").GetString() == "accuracy");

        // The HTML sweep section beside the database: its report.json holds the same points and fronts as --json.
        string folder = Path.Combine(_dir, "r-report");
        Assert.Contains(folder, report.Err, StringComparison.Ordinal);
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("data-plot=\"pareto-energy\"", html, StringComparison.Ordinal);
        Assert.Contains("data-plot=\"pareto-area\"", html, StringComparison.Ordinal);
        using var page = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "report.json")));
        var pagePoints = page.RootElement.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(points.Select(p => (p.GetProperty("index").GetInt32(), p.GetProperty("quality").GetDouble(), p.GetProperty("energy_per_inference_j").GetDouble(), p.GetProperty("pareto_energy").GetBoolean(), p.GetProperty("pareto_area").GetBoolean())),
            pagePoints.Select(p => (p.GetProperty("index").GetInt32(), p.GetProperty("quality").GetDouble(), p.GetProperty("energy_per_inference_j").GetDouble(), p.GetProperty("pareto_energy").GetBoolean(), p.GetProperty("pareto_area").GetBoolean())));
    }

    [Fact]
    public void A_cost_only_sweep_runs_its_points_in_parallel_and_records_what_one_estimate_per_point_gives()
    {
        string sweep = WriteSweep("""
            {
              "experiment": { "model": "fashion-cnn", "inputs": { "random": 1 }, "metrics": { "estimate": true, "accuracy": false } },
              "axes": { "hardware.preset": ["hermes", "isaac"], "hardware.chips": [1, 2, 3], "times": [["1s"], ["1d"]] }
            }
            """);
        string db = Path.Combine(_dir, "cost.db");
        var run = Cli.Run("sweep", sweep, "-o", db);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var store = ResultsStore.Open(db, readOnly: true);
        var points = store.Points();
        Assert.Equal(12, points.Count);
        foreach (var p in points)
        {
            // Points that differ only in the read times share one cached estimate; each must equal a fresh one.
            using var config = JsonDocument.Parse(p.Config);
            var hardware = config.RootElement.GetProperty("hardware");
            var estimate = Cli.Run("estimate", "--model", "fashion-cnn", "--hw", hardware.GetProperty("preset").GetString()!, "--chips", hardware.GetProperty("chips").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
            Assert.True(estimate.ExitCode == 0, estimate.ToString());
            using var fresh = JsonDocument.Parse(estimate.Out);
            Assert.Equal(fresh.RootElement.GetProperty("energy_per_inference_j").GetDouble(), p.Figure("energy_per_inference_j")!.Value);
            Assert.Equal(fresh.RootElement.GetProperty("area_mm2").GetDouble(), p.Figure("area_mm2")!.Value);
            Assert.Equal(fresh.RootElement.GetProperty("latency_s").GetDouble(), p.Figure("latency_s")!.Value);
        }
    }

    [Fact]
    public void A_bad_axis_value_fails_before_anything_runs_naming_the_point_and_axis()
    {
        string sweep = WriteSweep(Sweep.Replace("\"rram\"", "\"rram-x\"", StringComparison.Ordinal));
        var result = Cli.Run("sweep", sweep, "-o", Path.Combine(_dir, "r.db"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.axes['device.preset'][1]", result.Err, StringComparison.Ordinal);
        Assert.Contains("rram-x", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "r.db")));
    }

    [Fact]
    public async Task A_slurm_array_with_a_killed_task_resubmitted_merges_to_the_local_result()
    {
        // Points after the first reuse the data and programmed chips, so each must still take long enough (about a
        // second of CPU: 1,000 images read at three times) for the kill to land before a task's last point.
        string moreImages = Sweep.Replace("\"limit\": 60, \"batch_size\": 60", "\"limit\": 1000, \"batch_size\": 500", StringComparison.Ordinal);
        string heavier = moreImages.Replace("\"times\": [\"1d\"]", "\"times\": [\"1s\", \"1d\", \"1y\"]", StringComparison.Ordinal);
        Assert.NotEqual(Sweep, moreImages);
        Assert.NotEqual(moreImages, heavier);
        string sweep = WriteSweep(heavier), local = Path.Combine(_dir, "local.db");
        Assert.Equal(0, Cli.Run("sweep", sweep, "-o", local).ExitCode);

        string cluster = Path.Combine(_dir, "cluster");
        var env = new Dictionary<string, string> { ["SLURM_CONF"] = Path.Combine(cluster, "slurm.conf") };
        var up = await Exec(RepositoryPaths.Combine(".ci", "slurm-cluster"), ["start", cluster], null, TimeSpan.FromMinutes(10));
        Assert.True(up.Code == 0, $"the one-node Slurm did not start:\n{up.Out}\n{up.Err}");
        try
        {
            string folder = Path.Combine(_dir, "array");
            string memflux = Path.Combine(AppContext.BaseDirectory, "memflux.dll");
            var submit = await Exec("dotnet", [memflux, "sweep", "slurm", sweep, "--shards", "2", "-o", folder, "--submit"], env, TimeSpan.FromMinutes(2));
            Assert.True(submit.Code == 0, submit.Out + submit.Err);
            string job = submit.Out.Split('\n').Single(l => l.StartsWith("Submitted batch job ", StringComparison.Ordinal))["Submitted batch job ".Length..].Trim();

            // Kill task 1 once its first point is recorded, before its last (each task has 4 points).
            string log1 = Path.Combine(folder, $"slurm-{job}_1.out");
            await WaitFor(() => File.Exists(log1) && File.ReadAllText(log1).Contains("[1/4]", StringComparison.Ordinal), TimeSpan.FromMinutes(5), log1);
            Assert.Equal(0, (await Exec("scancel", [$"{job}_1"], env, TimeSpan.FromSeconds(30))).Code);
            await WaitForJob(job, env);
            string shard1 = Path.Combine(folder, "shard-1.db");
            int afterKill = Comparable(shard1).Length;
            Assert.InRange(afterKill, 1, 3);

            var again = await Exec("sbatch", ["--array=1", Path.Combine(folder, "sweep.sbatch")], env, TimeSpan.FromSeconds(30));
            Assert.True(again.Code == 0, again.Err);
            await WaitForJob(again.Out.Trim().Split(' ')[^1], env);
            Assert.Equal(4, Comparable(shard1).Length);
            Assert.Contains($"{afterKill} already done", File.ReadAllText(Directory.GetFiles(folder, "slurm-*_1.out").Single(f => !f.EndsWith($"{job}_1.out", StringComparison.Ordinal))), StringComparison.Ordinal);

            string all = Path.Combine(_dir, "all.db");
            var merge = Cli.Run("sweep", "merge", Path.Combine(folder, "shard-0.db"), shard1, "-o", all);
            Assert.True(merge.ExitCode == 0, merge.ToString());
            Assert.Equal(Comparable(local), Comparable(all));
        }
        finally
        {
            await Exec(RepositoryPaths.Combine(".ci", "slurm-cluster"), ["stop", cluster], null, TimeSpan.FromSeconds(30));
        }
    }

    private static async Task WaitForJob(string job, Dictionary<string, string> env)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            var queue = await Exec("squeue", ["-h", "-j", job], env, TimeSpan.FromSeconds(30));
            if (queue.Code == 0 && queue.Out.Trim().Length == 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Slurm job {job} did not finish within 10 minutes.");
    }

    private static async Task WaitFor(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static async Task<(int Code, string Out, string Err)> Exec(string file, string[] args, Dictionary<string, string>? env, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in env ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
