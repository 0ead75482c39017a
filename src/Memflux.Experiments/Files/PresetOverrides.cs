using System.Text.Json;
using System.Text.Json.Nodes;
using Memflux.Chip.Analog;
using Memflux.Chip.Image;
using Memflux.Numerics;

namespace Memflux.Experiments;

/// <summary>
/// Device preset overrides: <c>{"tiles.adc.bits": 6, "device.parameters.drift_nu_mean": 0.05}</c>. Each key is a
/// dotted path into the preset's values as a chip image stores them (<see cref="PresetCodec.ToJson"/>: <c>device</c>
/// with its <c>kind</c>, <c>parameters</c> and <c>non_idealities</c>, and <c>tiles</c>); a segment matches a field
/// ignoring case and underscores, so <c>tiles.adc.bits</c> names <c>Tiles.Adc.Bits</c>. The value must have the kind the
/// field has (number, true/false, string). The changed values are read back by <see cref="PresetCodec.FromJson"/>,
/// which runs the device's and the tiles' own validation, so an override is checked as a stored chip's preset is.
/// </summary>
internal static class PresetOverrides
{
    /// <summary>The preset with every override of <paramref name="overrides"/> applied, or null with errors at <paramref name="path"/>.</summary>
    public static (AnalogPreset Preset, IReadOnlyList<KeyValuePair<string, string>> Overrides)? Apply(AnalogPreset preset, JsonElement overrides, string path, List<string> errors)
    {
        if (overrides.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: expected an object of \"dotted.field\": value, found {JsonObjectReader.Describe(overrides)}.");
            return null;
        }

        JsonObject values;
        try
        {
            values = PresetCodec.ToJson(preset);
        }
        catch (MemfluxException e)
        {
            errors.Add($"{path}: {e.Message}");
            return null;
        }

        int before = errors.Count;
        var applied = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in overrides.EnumerateObject())
        {
            string at = $"{path}[\"{property.Name}\"]";
            if (!seen.Add(property.Name))
            {
                errors.Add($"{at}: field given twice.");
                continue;
            }

            if (Set(values, property.Name, property.Value, at, errors))
            {
                applied.Add(new(property.Name, property.Value.GetRawText()));
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        try
        {
            return (PresetCodec.FromJson(values, path), applied);
        }
        catch (Exception e) when (e is MemfluxException or ArgumentException)
        {
            errors.Add($"{path}: the preset with these overrides is invalid: {e.Message}");
            return null;
        }
    }

    private static bool Set(JsonObject root, string key, JsonElement value, string at, List<string> errors)
    {
        string[] segments = key.Split('.');
        JsonObject node = root;
        for (int i = 0; i < segments.Length; i++)
        {
            string? match = node.Select(p => p.Key).FirstOrDefault(k => Normalize(k) == Normalize(segments[i]));
            if (match is null || (i == 0 && match is "name" or "description") || (i == 1 && match == "kind"))
            {
                var names = node.Select(p => p.Key).Where(k => !(i == 0 && k is "name" or "description") && !(i == 1 && k == "kind")).Select(Snake);
                errors.Add($"{at}: no field '{segments[i]}' at '{string.Join('.', segments[..i].Prepend("preset"))}'; expected one of: {string.Join(", ", names)}.");
                return false;
            }

            if (i < segments.Length - 1)
            {
                if (node[match] is not JsonObject child)
                {
                    errors.Add($"{at}: '{string.Join('.', segments[..(i + 1)])}' is a value, not a group of fields.");
                    return false;
                }

                node = child;
                continue;
            }

            var current = node[match];
            var expected = current?.GetValueKind() ?? JsonValueKind.Null;
            bool sameKind = expected == value.ValueKind
                || (expected is JsonValueKind.True or JsonValueKind.False && value.ValueKind is JsonValueKind.True or JsonValueKind.False);
            if (!sameKind || expected is JsonValueKind.Object or JsonValueKind.Array)
            {
                errors.Add($"{at}: expected {Kind(expected)} (the preset has {current?.ToJsonString() ?? "null"}), found {JsonObjectReader.Describe(value)}.");
                return false;
            }

            if (value.ValueKind == JsonValueKind.Number && !double.IsFinite(value.GetDouble()))
            {
                errors.Add($"{at}: expected a finite number, found {value.GetRawText()}.");
                return false;
            }

            node[match] = JsonNode.Parse(value.GetRawText());
        }

        return true;
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.String => "a string",
        JsonValueKind.Object => "a single value, not a group of fields",
        _ => "a value of the preset's kind",
    };

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
