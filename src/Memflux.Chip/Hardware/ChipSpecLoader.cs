using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Memflux.Numerics;

namespace Memflux.Chip.Hardware;

/// <summary>
/// Reads and writes chip specs as JSON. Every field is required, unknown fields are errors, and every value is range
/// checked (<see cref="ChipSpecValidator"/>); errors name the file and the JSON path of the field.
/// </summary>
public static class ChipSpecLoader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        WriteIndented = true,
        IndentSize = 2,
    };

    /// <summary>The largest chip spec file read: 1 MiB (the presets are under 10 KB).</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Loads and validates the chip spec in the file at <paramref name="path"/> (UTF-8, at most <see cref="MaxFileBytes"/>).</summary>
    public static ChipSpec Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new MemfluxException($"{path}: hardware file not found.");
        }

        string text = BoundedFile.ReadAllText(path, "chip spec", MaxFileBytes);
        if (Loaded.TryGetValue((path, text), out var known))
        {
            return known;
        }

        var spec = Parse(text, path);
        if (Loaded.Count < MaxRemembered)
        {
            Loaded.TryAdd((path, text), spec);
        }

        return spec;
    }

    // Specs are immutable, and a design sweep loads the same few spec files for every point: a file whose text is
    // unchanged is parsed and checked once (the text is read each time, so an edited file is parsed again).
    private const int MaxRemembered = 1024;

    private static readonly ConcurrentDictionary<(string Path, string Text), ChipSpec> Loaded = new();

    /// <summary>Parses and validates <paramref name="json"/>; <paramref name="source"/> names it in errors.</summary>
    public static ChipSpec Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new MemfluxException($"{source}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        using (document)
        {
            var errors = new List<string>();
            JsonShapeCheck.Check(document.RootElement, typeof(ChipSpec), "$", errors);
            if (errors.Count > 0)
            {
                throw new MemfluxException($"{source}: invalid chip spec:\n  " + string.Join("\n  ", errors));
            }

            ChipSpec spec;
            try
            {
                spec = document.RootElement.Deserialize<ChipSpec>(Options)
                    ?? throw new MemfluxException($"{source}: $: expected a chip spec object, found null.");
            }
            catch (JsonException e)
            {
                throw new MemfluxException($"{source}: {e.Path}: {e.Message}", e);
            }

            ChipSpecValidator.ThrowIfInvalid(spec, source);
            return spec;
        }
    }

    /// <summary>The JSON text of <paramref name="spec"/> (snake_case fields, indented), which <see cref="Parse"/> reads back.</summary>
    public static string ToJson(ChipSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return JsonSerializer.Serialize(spec, Options);
    }
}
