using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Memflux.Numerics;

namespace Memflux.Sweeps;

/// <summary>
/// A sweep file: a base experiment (inline under <c>experiment</c>, or a path to an experiment file relative to the
/// sweep file), <c>axes</c> (an object: experiment field path → list of values; the grid is their product, the first
/// axis slowest) and optional <c>points</c> (a list of objects of field path → value, each multiplied by the grid).
/// Field paths are the experiment file's keys joined by dots (<c>device.preset</c>, <c>hardware.adc_bits</c>).
/// </summary>
public sealed class SweepSpec
{
    /// <summary>The most points one sweep may expand to.</summary>
    public const int MaxPoints = 1_000_000;

    /// <summary>The largest sweep file read.</summary>
    public const long MaxFileBytes = 1 << 20;

    private SweepSpec(string source, JsonObject experiment, List<(string Path, JsonArray Values)> axes, List<JsonObject> points)
    {
        Source = source;
        Experiment = experiment;
        Axes = axes;
        ExplicitPoints = points;
    }

    /// <summary>Where the sweep came from (a file name), for messages.</summary>
    public string Source { get; }

    /// <summary>The base experiment before any axis is applied.</summary>
    public JsonObject Experiment { get; }

    /// <summary>The grid's axes in order.</summary>
    public IReadOnlyList<(string Path, JsonArray Values)> Axes { get; }

    /// <summary>The explicit points (empty: the grid alone).</summary>
    public IReadOnlyList<JsonObject> ExplicitPoints { get; }

    /// <summary>The number of points: explicit points (at least one) × the product of the axes' lengths.</summary>
    public long PointCount => Math.Max(1, ExplicitPoints.Count) * Axes.Aggregate(1L, (n, a) => n * a.Values.Count);

    /// <summary>Reads and checks the shape of a sweep file; experiment fields are checked by <see cref="Expand"/>.</summary>
    public static SweepSpec Load(string path)
    {
        string text = BoundedFile.ReadAllText(path, "sweep file", MaxFileBytes);
        return Parse(text, path, experimentPath => BoundedFile.ReadAllText(
            System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".", experimentPath), "experiment file", MaxFileBytes));
    }

    /// <summary>Parses a sweep from <paramref name="text"/>; <paramref name="readExperiment"/> reads a referenced experiment file.</summary>
    public static SweepSpec Parse(string text, string source, Func<string, string> readExperiment)
    {
        ArgumentNullException.ThrowIfNull(readExperiment);
        var root = ParseObject(text, source, "$");
        foreach (string key in root.Select(p => p.Key))
        {
            if (key is not ("experiment" or "axes" or "points" or "$schema"))
            {
                throw new MemfluxException($"{source}: $.{key}: unknown field; expected experiment, axes or points.");
            }
        }

        JsonObject experiment = root["experiment"] switch
        {
            JsonObject inline => (JsonObject)inline.DeepClone(),
            JsonValue file when file.GetValueKind() == JsonValueKind.String => ParseObject(readExperiment(file.GetValue<string>()), file.GetValue<string>(), "$"),
            null => throw new MemfluxException($"{source}: $.experiment: missing; expected the base experiment (an object) or the path of an experiment file."),
            var other => throw new MemfluxException($"{source}: $.experiment: expected an object or a file path, found {other.GetValueKind()}."),
        };

        var axes = new List<(string, JsonArray)>();
        if (root["axes"] is { } axesNode)
        {
            if (axesNode is not JsonObject axesObject)
            {
                throw new MemfluxException($"{source}: $.axes: expected an object of field path → list of values, found {axesNode.GetValueKind()}.");
            }

            foreach (var (field, values) in axesObject)
            {
                CheckPath(field, source, $"$.axes['{field}']");
                if (values is not JsonArray list || list.Count == 0)
                {
                    throw new MemfluxException($"{source}: $.axes['{field}']: expected a non-empty list of values.");
                }

                axes.Add((field, (JsonArray)list.DeepClone()));
            }
        }

        var points = new List<JsonObject>();
        if (root["points"] is { } pointsNode)
        {
            if (pointsNode is not JsonArray list)
            {
                throw new MemfluxException($"{source}: $.points: expected a list of objects (field path → value), found {pointsNode.GetValueKind()}.");
            }

            for (int i = 0; i < list.Count; i++)
            {
                if (list[i] is not JsonObject point)
                {
                    throw new MemfluxException($"{source}: $.points[{i}]: expected an object of field path → value.");
                }

                foreach (string field in point.Select(p => p.Key))
                {
                    CheckPath(field, source, $"$.points[{i}]['{field}']");
                    if (axes.Any(a => a.Item1 == field))
                    {
                        throw new MemfluxException($"{source}: $.points[{i}]['{field}']: the field is also an axis; set it in one place.");
                    }
                }

                points.Add((JsonObject)point.DeepClone());
            }
        }

        var spec = new SweepSpec(source, experiment, axes, points);
        if (spec.PointCount > MaxPoints)
        {
            throw new MemfluxException($"{source}: the sweep has {spec.PointCount} points; at most {MaxPoints} are allowed.");
        }

        return spec;
    }

    /// <summary>
    /// Every point in order: each explicit point (or none) × the grid, the last axis fastest. <paramref name="resolve"/>
    /// validates a resolved experiment and returns its canonical form (it throws naming the field);
    /// the error is given the sweep's location of the values that made the point. After a field named in
    /// <paramref name="dottedKeyFields"/>, the rest of a path is one key (the field's keys are dotted paths themselves).
    /// </summary>
    public IReadOnlyList<SweepPoint> Expand(string memfluxVersion, Func<JsonObject, JsonNode> resolve, IReadOnlyList<string>? dottedKeyFields = null)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        return ExpandPoints(memfluxVersion, resolve, null, dottedKeyFields);
    }

    /// <summary>
    /// Every point in order, as <see cref="Expand(string, Func{JsonObject, JsonNode}, IReadOnlyList{string})"/>, each
    /// validated by <paramref name="validate"/> on its canonical configuration (the text a point's run reads; it throws
    /// naming the field); what it returns travels with the point as <see cref="SweepPoint.Resolved"/>.
    /// </summary>
    public IReadOnlyList<SweepPoint> ExpandValidated(string memfluxVersion, Func<string, object?> validate, IReadOnlyList<string>? dottedKeyFields = null)
    {
        ArgumentNullException.ThrowIfNull(validate);
        return ExpandPoints(memfluxVersion, null, validate, dottedKeyFields);
    }

    private List<SweepPoint> ExpandPoints(string memfluxVersion, Func<JsonObject, JsonNode>? resolve, Func<string, object?>? validate, IReadOnlyList<string>? dottedKeyFields)
    {
        dottedKeyFields ??= [];
        var result = new List<SweepPoint>();
        var explicitPoints = ExplicitPoints.Count == 0 ? [new JsonObject()] : ExplicitPoints;
        var digits = new int[Axes.Count];
        var chunk = new List<Unresolved>(ChunkPoints);
        for (int p = 0; p < explicitPoints.Count; p++)
        {
            Array.Clear(digits);
            while (true)
            {
                var experiment = (JsonObject)Experiment.DeepClone();
                var settings = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                try
                {
                    foreach (var (field, value) in explicitPoints[p])
                    {
                        Set(experiment, field, value, dottedKeyFields);
                        settings[field] = value?.DeepClone();
                    }

                    for (int a = 0; a < Axes.Count; a++)
                    {
                        var value = Axes[a].Values[digits[a]];
                        Set(experiment, Axes[a].Path, value, dottedKeyFields);
                        settings[Axes[a].Path] = value?.DeepClone();
                    }
                }
                catch (MemfluxException)
                {
                    // An earlier point's failure comes first, as when each point was validated as soon as it was made.
                    Resolve(chunk);
                    throw;
                }

                chunk.Add(new Unresolved(experiment, settings, p, (int[])digits.Clone()));
                if (chunk.Count == ChunkPoints)
                {
                    Resolve(chunk);
                }

                if (!Next(digits))
                {
                    break;
                }
            }
        }

        Resolve(chunk);
        return result;

        // Validation (the experiment file's checks, the spec files it reads) is most of a point's cost: the points of a
        // chunk are validated on every core when a validator is given (it is thread-safe); a resolver runs in order.
        // Either way the point with the lowest index that fails is the error, named by its sweep location.
        void Resolve(List<Unresolved> pending)
        {
            int first = result.Count;
            var made = new SweepPoint[pending.Count];
            var failures = new Exception?[pending.Count];
            Parallel.For(0, pending.Count, new ParallelOptions { MaxDegreeOfParallelism = validate is null ? 1 : Environment.ProcessorCount }, i =>
            {
                try
                {
                    string canonical = resolve is not null ? PointId.Canonical(resolve(pending[i].Experiment)) : PointId.Canonical(pending[i].Experiment);
                    object? validated = validate?.Invoke(canonical);
                    made[i] = new SweepPoint(first + i, PointId.Of(canonical, memfluxVersion), canonical, pending[i].Settings) { Resolved = validated };
                }
                catch (Exception e)
                {
                    failures[i] = e;
                }
            });

            int failed = Array.FindIndex(failures, f => f is not null);
            if (failed >= 0)
            {
                if (failures[failed] is MemfluxException e)
                {
                    throw new MemfluxException($"{Source}: point {first + failed} ({Origin(pending[failed])}): {e.Message}", e);
                }

                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failures[failed]!).Throw();
            }

            result.AddRange(made);
            pending.Clear();
        }
    }

    /// <summary>Points expanded, then validated together.</summary>
    private const int ChunkPoints = 1024;

    /// <summary>A point's experiment and settings before validation, with the explicit point and axis values that made it.</summary>
    private sealed record Unresolved(JsonObject Experiment, Dictionary<string, JsonNode?> Settings, int ExplicitPoint, int[] Digits);

    /// <summary>Where in the sweep file a point's values come from, for errors.</summary>
    private string Origin(Unresolved point)
    {
        var origin = new StringBuilder(ExplicitPoints.Count == 0 ? "" : $"$.points[{point.ExplicitPoint}]");
        for (int a = 0; a < Axes.Count; a++)
        {
            origin.Append(origin.Length == 0 ? "" : ", ").Append($"$.axes['{Axes[a].Path}'][{point.Digits[a]}]");
        }

        return origin.Length == 0 ? "the base experiment" : origin.ToString();
    }

    private bool Next(int[] digits)
    {
        for (int a = Axes.Count - 1; a >= 0; a--)
        {
            if (++digits[a] < Axes[a].Values.Count)
            {
                return true;
            }

            digits[a] = 0;
        }

        return false;
    }

    private static void Set(JsonObject experiment, string path, JsonNode? value, IReadOnlyList<string> dottedKeyFields)
    {
        string[] keys = path.Split('.');
        foreach (string field in dottedKeyFields)
        {
            // The rest of the path after a field whose keys are dotted paths is one key of that field.
            if (path.StartsWith(field + ".", StringComparison.Ordinal))
            {
                keys = [.. field.Split('.'), path[(field.Length + 1)..]];
                break;
            }
        }

        JsonObject at = experiment;
        for (int i = 0; i < keys.Length - 1; i++)
        {
            switch (at[keys[i]])
            {
                case JsonObject child:
                    at = child;
                    break;
                case null:
                    var created = new JsonObject();
                    at[keys[i]] = created;
                    at = created;
                    break;
                default:
                    throw new MemfluxException($"field '{string.Join('.', keys[..(i + 1)])}' of the experiment is not an object, so '{path}' cannot be set.");
            }
        }

        at[keys[^1]] = value?.DeepClone();
    }

    private static void CheckPath(string field, string source, string where)
    {
        if (field.Length == 0 || field.Split('.').Any(k => k.Length == 0))
        {
            throw new MemfluxException($"{source}: {where}: expected a field path such as device.preset (keys joined by dots).");
        }
    }

    private static JsonObject ParseObject(string text, string source, string where)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new MemfluxException($"{source}: not valid JSON: {e.Message}", e);
        }

        return node as JsonObject ?? throw new MemfluxException($"{source}: {where}: expected a JSON object.");
    }
}
