using System.Diagnostics;
using System.Text.Json.Nodes;
using Memflux.Chip.Hardware;
using Memflux.Experiments;

namespace Memflux.Sweeps;

/// <summary>
/// <c>memflux bench --sweep</c>: an estimate-only sweep of fashion-cnn over hardware spec files (tile rows × tile columns
/// × ADC bits, variants of the hermes preset written to a temporary folder) × chips, run as <c>memflux sweep</c> runs it
/// (validate and hash every point, run the points not in the database, commit them), every stage timed in one process.
/// Every point is a distinct cost configuration, so nothing is answered from the estimate cache (configurations with
/// equal timing inputs still share a simulation, <see cref="Cost.TimingCache"/>); a second sweep adds an axis the
/// estimate does not read (the read times) to show what reuse gives.
/// </summary>
public static class SweepBenchmark
{
    /// <summary>
    /// One timed stage: <paramref name="Points"/> points in <paramref name="Seconds"/> of wall time and
    /// <paramref name="CpuSeconds"/> of this process's processor time (all threads), which a busy shared machine
    /// inflates less than the wall time.
    /// </summary>
    public sealed record Stage(string Name, int Points, double Seconds, double CpuSeconds)
    {
        /// <summary>Points per second.</summary>
        public double PointsPerSecond => Points / Seconds;

        /// <summary>Points per second of processor time.</summary>
        public double PointsPerCpuSecond => Points / CpuSeconds;
    }

    /// <summary>A wall clock and the process's processor time, started together.</summary>
    private sealed class Clock
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

        public (double Wall, double Cpu) Elapsed => (_wall.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalSeconds);

        public void Restart()
        {
            _cpu = Process.GetCurrentProcess().TotalProcessorTime;
            _wall.Restart();
        }
    }

    /// <summary>What the benchmark measured.</summary>
    /// <param name="Points">Points of the distinct-configuration sweep.</param>
    /// <param name="Stages">The stages, in the order run.</param>
    public sealed record Result(int Points, IReadOnlyList<Stage> Stages);

    /// <summary>Tile rows and columns of the spec variants.</summary>
    public static IReadOnlyList<int> TileSizes { get; } = [64, 128, 256, 512];

    /// <summary>ADC bits of the spec variants.</summary>
    public static IReadOnlyList<int> AdcBits { get; } = [4, 6, 8, 10];

    /// <summary>
    /// Runs the benchmark: 64 spec variants × <paramref name="chips"/> chip counts (1..chips) points, in a temporary
    /// folder that is removed afterwards.
    /// </summary>
    public static Result Run(IExperimentHost host, int chips)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(chips, 1);
        string folder = Directory.CreateTempSubdirectory("memflux-sweep-bench-").FullName;
        try
        {
            var specs = WriteSpecs(folder);
            var stages = new List<Stage>();
            string sweep = WriteSweep(folder, "distinct.json", specs, chips, times: null);
            int points = Measure(host, sweep, folder, "distinct", stages);
            string shared = WriteSweep(folder, "shared.json", specs, chips, times: [1, 86400, 31536000, 315360000]);
            Measure(host, shared, folder, "4 read times per cost configuration", stages);
            return new Result(points, stages);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int Measure(IExperimentHost host, string sweep, string folder, string label, List<Stage> stages)
    {
        var clock = new Clock();
        var points = Expand(host, sweep, out _);
        var expand = clock.Elapsed;
        stages.Add(new Stage($"{label}: read, validate and hash every point", points.Count, expand.Wall, expand.Cpu));

        foreach (int threads in (int[])[1, Environment.ProcessorCount])
        {
            // A fresh runner each time: nothing is reused from the stage before but what memflux sweep also keeps
            // (parsed presets and spec files).
            Expand(host, sweep, out var runner);
            string db = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(sweep)}-{threads}.db");
            using var store = ResultsStore.Open(db);
            clock.Restart();
            SweepRunner.Run(points, Shard.Whole, store, ExperimentPoints.MemfluxVersion, runner.Run, parallelism: threads);
            var run = clock.Elapsed;
            stages.Add(new Stage($"{label}: run and record, {threads} thread(s)", points.Count, run.Wall, run.Cpu));
            if (threads == Environment.ProcessorCount)
            {
                stages.Add(new Stage($"{label}: end to end (memflux sweep), {threads} thread(s)", points.Count, expand.Wall + run.Wall, expand.Cpu + run.Cpu));
                clock.Restart();
                var summary = SweepRunner.Run(points, Shard.Whole, store, ExperimentPoints.MemfluxVersion, runner.Run, parallelism: threads);
                if (summary.Ran != 0)
                {
                    throw new InvalidOperationException($"the rerun of {sweep} ran {summary.Ran} point(s); it should skip every one.");
                }

                var rerun = clock.Elapsed;
                stages.Add(new Stage($"{label}: rerun, every point already recorded", points.Count, rerun.Wall, rerun.Cpu));
            }

            if (threads == 1 && Environment.ProcessorCount == 1)
            {
                break;
            }
        }

        return points.Count;
    }

    private static IReadOnlyList<SweepPoint> Expand(IExperimentHost host, string sweep, out ExperimentPoints runner)
    {
        var spec = SweepSpec.Load(sweep);
        runner = new ExperimentPoints(host, sweep, Path.GetDirectoryName(sweep)!);
        return spec.ExpandValidated(ExperimentPoints.MemfluxVersion, runner.Validate, ExperimentPoints.DottedKeyFields);
    }

    private static List<string> WriteSpecs(string folder)
    {
        var files = new List<string>();
        var preset = JsonNode.Parse(ChipPresets.Json("hermes"), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        foreach (int rows in TileSizes)
        {
            foreach (int cols in TileSizes)
            {
                foreach (int bits in AdcBits)
                {
                    var spec = preset.DeepClone();
                    spec["name"] = $"hermes-{rows}x{cols}-adc{bits}";
                    spec["core"]!["tiles"]!["rows"] = rows;
                    spec["core"]!["tiles"]!["cols"] = cols;
                    spec["core"]!["adc"]!["bits"] = bits;
                    string file = $"{spec["name"]}.json";
                    File.WriteAllText(Path.Combine(folder, file), spec.ToJsonString());
                    files.Add(file);
                }
            }
        }

        return files;
    }

    private static string WriteSweep(string folder, string name, List<string> specs, int chips, double[]? times)
    {
        var experiment = new JsonObject
        {
            ["model"] = "fashion-cnn",
            ["inputs"] = new JsonObject { ["random"] = 1 },
            ["metrics"] = new JsonObject { ["estimate"] = true, ["accuracy"] = false },
        };
        var axes = new JsonObject
        {
            ["hardware.spec"] = new JsonArray([.. specs.Select(s => JsonValue.Create(s))]),
            ["hardware.chips"] = new JsonArray([.. Enumerable.Range(1, chips).Select(c => JsonValue.Create(c))]),
        };
        if (times is not null)
        {
            axes["times"] = new JsonArray([.. times.Select(t => new JsonArray(JsonValue.Create(t)))]);
        }

        string path = Path.Combine(folder, name);
        File.WriteAllText(path, new JsonObject { ["experiment"] = experiment, ["axes"] = axes }.ToJsonString());
        return path;
    }
}
