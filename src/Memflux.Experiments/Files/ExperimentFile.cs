using System.Globalization;
using System.Text.Json;
using Memflux.Chip;
using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Numerics;

namespace Memflux.Experiments;

/// <summary>
/// Reads an experiment file (JSON; <c>//</c> and <c>/* */</c> comments are skipped, so <c>memflux init</c> can explain
/// every field) into a validated <see cref="Experiment"/>. Unknown fields, fields given twice, wrong types and values
/// out of range are errors naming the JSON path, all reported at once, as chip specs are. Relative paths are relative
/// to the experiment file's folder. The schema is in docs/experiments.md.
/// </summary>
public static class ExperimentFile
{
    /// <summary>The largest experiment file read: 1 MiB.</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Loads and validates the experiment file at <paramref name="path"/>; the record keeps its text.</summary>
    public static (Experiment Experiment, ExperimentRecord Record) Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MemfluxException($"{path}: experiment file not found.");
        }

        string text = BoundedFile.ReadAllText(path, "experiment file", MaxFileBytes);
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        return (Parse(text, path, folder), new ExperimentRecord(System.IO.Path.GetFullPath(path), text));
    }

    /// <summary>Parses and validates <paramref name="json"/>; <paramref name="source"/> names it in errors, <paramref name="folder"/> anchors relative paths.</summary>
    public static Experiment Parse(string json, string source, string folder)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = true });
        }
        catch (JsonException e)
        {
            throw new MemfluxException($"{source}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        using (document)
        {
            var errors = new List<string>();
            var experiment = Read(document.RootElement, folder, errors);
            if (errors.Count > 0 || experiment is null)
            {
                throw new MemfluxException($"{source}: invalid experiment:\n  " + string.Join("\n  ", errors));
            }

            return experiment;
        }
    }

    private static Experiment? Read(JsonElement root, string folder, List<string> errors)
    {
        var r = JsonObjectReader.Open(root, "$", errors);
        if (r is null)
        {
            return null;
        }

        string? modelName = r.String("model", required: true);
        string? model = modelName is null ? null : ResolveModel(r, modelName, folder);
        var inputs = r.Object("inputs", required: true) is { } i ? ReadInputs(i, folder) : null;
        var device = r.Object("device") is { } d ? ReadDevice(d, folder, errors) : new ExperimentDevice(Experiment.DefaultDevice, AnalogPreset.Get(Experiment.DefaultDevice), [], null);
        var (hardware, chips) = r.Object("hardware") is { } h ? ReadHardware(h, folder) : (Experiment.DefaultHardware, null);
        IReadOnlyList<double>? times = r.Element("times") is { } t ? ReadTimes(r, t) : Experiment.DefaultTimes;
        var (seeds, first) = r.Object("seeds") is { } s ? ReadSeeds(s) : (Experiment.DefaultSeeds, 0UL);
        var metrics = r.Object("metrics") is { } m ? ReadMetrics(m, folder) : ExperimentMetrics.Default with { VerifyModel = null };
        var report = r.Object("report") is { } o ? ReadReport(o, folder) : new ExperimentReportOptions(null);
        r.Finish();
        if (model is null || modelName is null || inputs is null || device is null || hardware is null || times is null || metrics is null || report is null)
        {
            return null;
        }

        return new Experiment(model, modelName, inputs, device, hardware, chips, times, seeds, first, metrics, report);
    }

    private static string? ResolveModel(JsonObjectReader r, string name, string folder)
    {
        try
        {
            return BundledModels.ResolveModelPath(LooksLikePath(name) ? FullPath(name, folder) : name);
        }
        catch (MemfluxException e)
        {
            r.Fail("model", e.Message);
            return null;
        }
    }

    private static ExperimentInputs? ReadInputs(JsonObjectReader r, string folder)
    {
        string? dataset = r.String("dataset");
        string? dataDir = r.String("data_dir");
        long? batchSize = r.Integer("batch_size", 1, 1 << 20);
        long? limit = r.Integer("limit", 1, int.MaxValue);
        string? path = r.String("path");
        string? labels = r.String("labels");
        long? batch = r.Integer("batch", 1, 1 << 20);
        long? random = r.Integer("random", 1, int.MaxValue);
        r.Finish();
        int kinds = (r.Has("dataset") ? 1 : 0) + (r.Has("path") ? 1 : 0) + (r.Has("random") ? 1 : 0);
        if (kinds != 1)
        {
            r.Fail("dataset", $"give exactly one of {r.Path}.dataset, {r.Path}.path and {r.Path}.random, found {kinds}.");
            return null;
        }

        if (dataset is not null && !ModelTraining.Datasets.Contains(dataset, StringComparer.Ordinal))
        {
            r.Fail("dataset", $"expected one of {string.Join(", ", ModelTraining.Datasets)}, found \"{dataset}\".");
            return null;
        }

        bool ok = true;
        foreach (var (field, given, with) in new[] { ("data_dir", r.Has("data_dir"), "dataset"), ("batch_size", r.Has("batch_size"), "dataset"), ("limit", r.Has("limit"), "dataset"), ("labels", r.Has("labels"), "path"), ("batch", r.Has("batch"), r.Has("random") ? "random" : "path") })
        {
            bool applies = with switch { "dataset" => r.Has("dataset"), "path" => r.Has("path"), _ => true };
            if (given && !applies)
            {
                r.Fail(field, $"applies with {r.Path}.{with} only.");
                ok = false;
            }
        }

        if (random is not null && batch is not null && random % batch != 0)
        {
            r.Fail("random", string.Create(CultureInfo.InvariantCulture, $"expected a multiple of {r.Path}.batch ({batch}), found {random}."));
            ok = false;
        }

        return !ok || (r.Has("dataset") && dataset is null) || (r.Has("path") && path is null) || (r.Has("random") && random is null)
            ? null
            : new ExperimentInputs(
                dataset, dataDir is null ? null : FullPath(dataDir, folder), (int)(batchSize ?? ExperimentInputs.DefaultBatchSize), (int?)limit,
                path is null ? null : FullPath(path, folder), labels is null ? null : FullPath(labels, folder), (int?)batch, (int?)random);
    }

    private static ExperimentDevice? ReadDevice(JsonObjectReader r, string folder, List<string> errors)
    {
        string name = r.String("preset") ?? Experiment.DefaultDevice;
        bool? gdc = r.Boolean("drift_compensation");
        var overridesReader = r.Element("overrides");
        r.Finish();
        if (r.Has("preset") && r.Element("preset") is { ValueKind: not JsonValueKind.String })
        {
            return null;
        }

        AnalogPreset preset;
        try
        {
            preset = AnalogPreset.Get(name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? FullPath(name, folder) : name);
        }
        catch (MemfluxException e)
        {
            r.Fail("preset", e.Message);
            return null;
        }

        if (overridesReader is not { } overrides)
        {
            return new ExperimentDevice(name, preset, [], gdc);
        }

        var applied = PresetOverrides.Apply(preset, overrides, r.At("overrides"), errors);
        return applied is null ? null : new ExperimentDevice(name, applied.Value.Preset, applied.Value.Overrides, gdc);
    }

    private static (string? Hardware, ChipCount? Chips) ReadHardware(JsonObjectReader r, string folder)
    {
        string? preset = r.String("preset");
        string? spec = r.String("spec");
        ChipCount? chips = null;
        if (r.Element("chips") is { } c)
        {
            chips = c.ValueKind == JsonValueKind.String && c.GetString() == "auto" ? ChipCount.Auto
                : c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out int n) && n is >= 1 and <= ChipSpecValidator.MaxChips ? ChipCount.Exactly(n)
                : null;
            if (chips is null)
            {
                r.Fail("chips", string.Create(CultureInfo.InvariantCulture, $"\"auto\" or a whole number of chips in [1, {ChipSpecValidator.MaxChips}]"), c);
            }
        }

        r.Finish();
        if (r.Has("preset") == r.Has("spec"))
        {
            r.Fail("preset", $"give exactly one of {r.Path}.preset and {r.Path}.spec.");
            return (null, chips);
        }

        if (preset is null && spec is null)
        {
            return (null, chips);
        }

        string hardware = preset ?? FullPath(spec!, folder);
        try
        {
            ChipPresets.Resolve(hardware);
        }
        catch (MemfluxException e)
        {
            r.Fail(preset is null ? "spec" : "preset", e.Message);
            return (null, chips);
        }

        return (hardware, chips);
    }

    private static List<double>? ReadTimes(JsonObjectReader r, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            r.Fail("times", "a non-empty array of durations (\"1s\", \"1h\", \"1d\", \"1y\", or seconds as numbers)", element);
            return null;
        }

        var times = new List<double>();
        int index = 0;
        foreach (var item in element.EnumerateArray())
        {
            string at = $"times[{index++}]";
            double? seconds = null;
            try
            {
                seconds = item.ValueKind switch
                {
                    JsonValueKind.String => ChipTime.Parse(item.GetString()!, $"{r.At(at)}"),
                    JsonValueKind.Number when item.GetDouble() is >= 0 and var v && double.IsFinite(v) => v,
                    _ => null,
                };
            }
            catch (MemfluxException e)
            {
                r.Error(e.Message);
                return null;
            }

            if (seconds is not { } t)
            {
                r.Fail(at, "a duration (\"1s\", \"1h\", \"1d\", \"1y\") or seconds ≥ 0", item);
                return null;
            }

            if (times.Count > 0 && !(t > times[^1]))
            {
                r.Fail(at, $"durations must increase, found {ChipTime.Format(times[^1])} then {ChipTime.Format(t)}.");
                return null;
            }

            times.Add(t);
        }

        return times;
    }

    private static (int Seeds, ulong First) ReadSeeds(JsonObjectReader r)
    {
        long? count = r.Integer("count", 1, 10_000);
        long? first = r.Integer("first", 0, long.MaxValue);
        r.Finish();
        return ((int)(count ?? Experiment.DefaultSeeds), (ulong)(first ?? 0));
    }

    private static ExperimentMetrics? ReadMetrics(JsonObjectReader r, string folder)
    {
        string? verify = r.String("verify");
        bool accuracy = r.Boolean("accuracy") ?? true;
        bool attribution = r.Boolean("attribution") ?? false;
        bool estimate = r.Boolean("estimate") ?? true;
        long? batch = r.Integer("estimate_batch", 1, 1 << 20);
        r.Finish();
        if (verify is not null)
        {
            try
            {
                verify = BundledModels.ResolveModelPath(LooksLikePath(verify) ? FullPath(verify, folder) : verify);
            }
            catch (MemfluxException e)
            {
                r.Fail("verify", e.Message);
                return null;
            }
        }

        if (attribution && !accuracy)
        {
            r.Fail("attribution", $"needs {r.Path}.accuracy true (it attributes the error at the last time).");
            return null;
        }

        return new ExperimentMetrics(verify, accuracy, attribution, estimate, (int)(batch ?? 1));
    }

    private static ExperimentReportOptions? ReadReport(JsonObjectReader r, string folder)
    {
        string? dir = r.String("dir");
        r.Finish();
        return new ExperimentReportOptions(dir is null ? null : FullPath(dir, folder));
    }

    private static bool LooksLikePath(string value) =>
        value.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal);

    private static string FullPath(string path, string folder) => System.IO.Path.GetFullPath(path, folder);
}
