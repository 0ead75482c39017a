using System.Text.Json;
using System.Text.Json.Nodes;
using Memflux.Experiments;
using Memflux.Numerics;

namespace Memflux.Cli.Tests;

/// <summary>Experiment files (issue 16 §2): validation naming JSON paths, init → run, and run FILE ≡ run with flags.</summary>
public sealed class ExperimentFileTests : IDisposable
{
    private const string Minimal = """{ "model": "fashion-cnn", "inputs": { "dataset": "fashion-mnist", "limit": 20 } }""";

    private readonly string _folder = Directory.CreateTempSubdirectory("memflux-exp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> BadFiles() => new()
    {
        { """{ "inputs": { "dataset": "fashion-mnist" } }""", "$.model: missing field." },
        { """{ "model": "fashion-cnn" }""", "$.inputs: missing field." },
        { """{ "model": "fashion-cnn", "model": "fashion-cnn", "inputs": { "dataset": "mnist" } }""", "$.model: field given twice." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist", "dataset": "mnist" } }""", "$.inputs.dataset: field given twice." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "colour": "red" }""", "$.colour: unknown field; expected one of: model, inputs" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist", "limt": 5 } }""", "$.inputs.limt: unknown field" },
        { """{ "model": 3, "inputs": { "dataset": "mnist" } }""", "$.model: expected a non-empty string, found 3." },
        { """{ "model": "no-such-zoo-model", "inputs": { "dataset": "mnist" } }""", "$.model: " },
        { """{ "model": "missing/model.onnx", "inputs": { "dataset": "mnist" } }""", "model.onnx: model file not found." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "cifar10" } }""", "$.inputs.dataset: expected one of mnist, fashion-mnist, found \"cifar10\"." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist", "random": 4 } }""", "give exactly one of $.inputs.dataset, $.inputs.path and $.inputs.random, found 2." },
        { """{ "model": "fashion-cnn", "inputs": { } }""", "give exactly one of $.inputs.dataset, $.inputs.path and $.inputs.random, found 0." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist", "limit": 0 } }""", "$.inputs.limit: expected an integer in [1, 2147483647], found 0." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist", "limit": 2.5 } }""", "$.inputs.limit: expected an integer" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist", "labels": "y.npy" } }""", "$.inputs.labels: applies with $.inputs.path only." },
        { """{ "model": "fashion-cnn", "inputs": { "random": 10, "batch": 4 } }""", "$.inputs.random: expected a multiple of $.inputs.batch (4), found 10." },
        { """{ "model": "fashion-cnn", "inputs": { "random": 8, "limit": 4 } }""", "$.inputs.limit: applies with $.inputs.dataset only." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "device": { "preset": "flash" } }""", "$.device.preset: unknown analog preset 'flash'" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "device": { "overrides": { "tiles.adc.bitz": 4 } } }""", "$.device.overrides[\"tiles.adc.bitz\"]: no field 'bitz' at 'preset.tiles.adc'; expected one of: bits" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "device": { "overrides": { "tiles.adc": 4 } } }""", "$.device.overrides[\"tiles.adc\"]: expected a single value, not a group of fields" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "device": { "overrides": { "tiles.output_noise": "high" } } }""", "$.device.overrides[\"tiles.output_noise\"]: expected a number (the preset has" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "device": { "overrides": { "name": "x" } } }""", "$.device.overrides[\"name\"]: no field 'name' at 'preset'" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "device": { "overrides": { "tiles.adc.bits": -3 } } }""", "$.device.overrides: the preset with these overrides is invalid" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "device": { "overrides": [1] } }""", "$.device.overrides: expected an object" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "device": { "drift_compensation": "on" } }""", "$.device.drift_compensation: expected true or false, found the string \"on\"." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "hardware": { "preset": "hermes", "spec": "chip.json" } }""", "$.hardware.preset: give exactly one of $.hardware.preset and $.hardware.spec." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "hardware": { "preset": "tpu" } }""", "$.hardware.preset: " },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "hardware": { "spec": "no-chip.json" } }""", "$.hardware.spec: " },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "hardware": { "preset": "hermes", "chips": 0 } }""", "$.hardware.chips: expected \"auto\" or a whole number of chips in [1, 65536], found 0." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "hardware": { "preset": "hermes", "chips": "many" } }""", "$.hardware.chips: expected \"auto\"" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "times": [] }""", "$.times: expected a non-empty array of durations" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "times": "1s" }""", "$.times: expected a non-empty array" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "times": ["1s", "1q"] }""", "$.times[1]: " },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "times": ["1d", "1h"] }""", "$.times[1]: durations must increase, found 1d then 1h." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "times": [1, -5] }""", "$.times[1]: expected a duration" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "seeds": { "count": 0 } }""", "$.seeds.count: expected an integer in [1, 10000], found 0." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "seeds": { "first": -1 } }""", "$.seeds.first: expected an integer" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "metrics": { "accuracy": false, "attribution": true } }""", "$.metrics.attribution: needs $.metrics.accuracy true" },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "metrics": { "verify": "no-such-model" } }""", "$.metrics.verify: " },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "metrics": { "estimate_batch": 0 } }""", "$.metrics.estimate_batch: expected an integer in [1, 1048576], found 0." },
        { """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "report": { "directory": "out" } }""", "$.report.directory: unknown field; expected one of: dir." },
        { """[1, 2]""", "$: expected an object, found an array." },
        { """{ "model": "fashion-cnn", """, "not valid JSON (line 1" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_bad_file_is_an_error_naming_the_json_path(string json, string expected)
    {
        string path = Write("bad.json", json);
        var e = Assert.Throws<MemfluxException>(() => ExperimentFile.Load(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        string path = Write("bad.json", """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist", "limit": 0 }, "seeds": { "count": 0 }, "extra": 1 }""");
        var e = Assert.Throws<MemfluxException>(() => ExperimentFile.Load(path));
        Assert.Contains("$.inputs.limit", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.seeds.count", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.extra", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_file_exits_2_from_the_cli_naming_the_path()
    {
        string path = Write("bad.json", """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "seeds": { "count": "three" } }""");
        var result = Cli.Run("run", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("$.seeds.count: expected an integer", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_the_demos_and_relative_paths_are_the_files_folder()
    {
        string path = Write("e.json", """
            // comments are skipped
            { "model": "fashion-cnn", /* here too */ "inputs": { "dataset": "fashion-mnist", "data_dir": "d" }, "report": { "dir": "out" } }
            """);
        var (e, record) = ExperimentFile.Load(path);
        Assert.Equal(Experiment.DefaultDevice, e.Device.PresetName);
        Assert.Equal(Experiment.DefaultHardware, e.Hardware);
        Assert.Equal(Experiment.DefaultTimes, e.TimesSeconds);
        Assert.Equal(Experiment.DefaultSeeds, e.Seeds);
        Assert.Null(e.Metrics.VerifyModel);
        Assert.Equal(Path.Combine(_folder, "d"), e.Inputs.DataDirectory);
        Assert.Equal(Path.Combine(_folder, "out"), e.Report.Directory);
        Assert.Equal(File.ReadAllText(path), record.SourceText);
    }

    [Fact]
    public void An_override_changes_the_devices_and_is_kept_as_written()
    {
        string path = Write("e.json", """{ "model": "fashion-cnn", "inputs": { "dataset": "mnist" }, "device": { "preset": "pcm", "overrides": { "tiles.adc.bits": 4, "Tiles.Output_Noise": 0.1 } } }""");
        var (e, _) = ExperimentFile.Load(path);
        Assert.Equal(4, e.Device.Preset.Tiles.Adc.Bits);
        Assert.Equal(0.1, e.Device.Preset.Tiles.OutputNoise);
        Assert.Equal(8, Chip.Analog.AnalogPreset.Pcm.Tiles.Adc.Bits);
        Assert.Equal(["tiles.adc.bits", "Tiles.Output_Noise"], e.Device.Overrides.Select(o => o.Key));
    }

    [Fact]
    public void Init_writes_a_file_that_runs_and_the_result_carries_its_text()
    {
        string path = Path.Combine(_folder, "experiment.json");
        var init = Cli.Run("init", path);
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Equal(2, Cli.Run("init", path).ExitCode); // never replaces a file

        string text = File.ReadAllText(path)
            .Replace("\"batch_size\": 500", "\"batch_size\": 500, \"limit\": 20", StringComparison.Ordinal)
            .Replace("\"verify\": \"resnet18\",", "", StringComparison.Ordinal)
            .Replace("\"count\": 3", "\"count\": 1", StringComparison.Ordinal);
        File.WriteAllText(path, text);
        var run = Cli.Run("run", path, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("verify").ValueKind);
        var eval = doc.RootElement.GetProperty("eval");
        Assert.Equal(20, eval.GetProperty("samples").GetInt32());
        Assert.Equal(3, eval.GetProperty("results").GetArrayLength());
        Assert.Equal("pcm-hermes", eval.GetProperty("preset").GetString());
        Assert.Equal(text, doc.RootElement.GetProperty("experiment").GetProperty("text").GetString());
        Assert.Equal("hermes", doc.RootElement.GetProperty("estimate").GetProperty("hw").GetString());
    }

    [Fact]
    public void Run_with_a_file_equals_run_with_the_same_flags()
    {
        string path = Write("same.json", """
            { "model": "fashion-cnn", "inputs": { "dataset": "fashion-mnist", "limit": 30 }, "device": { "preset": "pcm-hermes" },
              "hardware": { "preset": "hermes", "chips": 1 }, "times": ["1s", "1d", "1y"], "seeds": { "count": 2, "first": 0 },
              "metrics": { "verify": "resnet18", "accuracy": true, "estimate": true, "estimate_batch": 1 } }
            """);
        string fileReport = Path.Combine(_folder, "file-report"), flagsReport = Path.Combine(_folder, "flags-report");
        var fromFile = Cli.Run("run", path, "--json", "--report", fileReport);
        var fromFlags = Cli.Run("run", "--limit", "30", "--seeds", "2", "--chips", "1", "--json", "--report", flagsReport);
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        Assert.True(fromFlags.ExitCode == 0, fromFlags.ToString());

        // The file's report embeds the file as written; the demo's embeds none.
        using (var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fileReport, "report.json"))))
        {
            var embedded = report.RootElement.GetProperty("header").GetProperty("experiment");
            Assert.Equal("same.json", embedded.GetProperty("name").GetString());
            Assert.Equal(File.ReadAllText(path), embedded.GetProperty("text").GetString());
            Assert.Equal(0, report.RootElement.GetProperty("omitted").GetArrayLength());
        }

        using (var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(flagsReport, "report.json"))))
        {
            Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("header").GetProperty("experiment").ValueKind);
        }

        var a = WithoutTimings(JsonNode.Parse(fromFile.Out)!.AsObject());
        var b = WithoutTimings(JsonNode.Parse(fromFlags.Out)!.AsObject());
        Assert.Equal(b["eval"]!.ToJsonString(), a["eval"]!.ToJsonString());
        Assert.Equal(b["estimate"]!.ToJsonString(), a["estimate"]!.ToJsonString());
        Assert.Equal(b["verify"]!.ToJsonString(), a["verify"]!.ToJsonString());
    }

    [Fact]
    public void Demo_flags_do_not_apply_with_a_file()
    {
        string path = Write("e.json", Minimal);
        var result = Cli.Run("run", path, "--limit", "5");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--limit: does not apply with an experiment file", result.Err, StringComparison.Ordinal);
    }

    private static JsonObject WithoutTimings(JsonObject root)
    {
        foreach (var node in Walk(root).ToList())
        {
            foreach (string key in node.Select(p => p.Key).Where(k => k.Contains("seconds", StringComparison.Ordinal) || k is "wall_s").ToList())
            {
                node.Remove(key);
            }
        }

        return root;
    }

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).SelectMany(Walk).Prepend(o),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
