using System.Globalization;
using System.Text.Json;

namespace Memflux.Experiments;

/// <summary>
/// Reads one JSON object field by field, as the chip spec loader checks its records: every problem is one line
/// "$.path: expected …, found …." collected in a shared list, and <see cref="Finish"/> reports the fields nobody asked
/// for (unknown, with the accepted names) and the ones given twice. Nothing is defaulted here: a getter returns null
/// when an optional field is absent, and the caller's default is the documented one.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly List<string> _errors;

    private JsonObjectReader(string path, List<string> errors)
    {
        Path = path;
        _errors = errors;
    }

    /// <summary>The JSON path of this object ("$", "$.inputs", …).</summary>
    public string Path { get; }

    /// <summary>A reader over <paramref name="element"/>, or null (with an error) when it is not an object.</summary>
    public static JsonObjectReader? Open(JsonElement element, string path, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: expected an object, found {Describe(element)}.");
            return null;
        }

        var reader = new JsonObjectReader(path, errors);
        foreach (var property in element.EnumerateObject())
        {
            if (!reader._fields.TryAdd(property.Name, property.Value))
            {
                errors.Add($"{path}.{property.Name}: field given twice.");
            }
        }

        return reader;
    }

    /// <summary>Whether the field is present (and marks it known).</summary>
    public bool Has(string name)
    {
        _known.Add(name);
        return _fields.ContainsKey(name);
    }

    /// <summary>The raw element of field <paramref name="name"/>, or null when absent.</summary>
    public JsonElement? Element(string name) => Has(name) ? _fields[name] : null;

    /// <summary>The JSON path of field <paramref name="name"/>.</summary>
    public string At(string name) => $"{Path}.{name}";

    /// <summary>Records a problem with field <paramref name="name"/>.</summary>
    public void Fail(string name, string expected, JsonElement found) => _errors.Add($"{At(name)}: expected {expected}, found {Describe(found)}.");

    /// <summary>Records a problem with field <paramref name="name"/> in the caller's words.</summary>
    public void Fail(string name, string message) => _errors.Add($"{At(name)}: {message}");

    /// <summary>Records a problem whose message already names its path.</summary>
    public void Error(string message) => _errors.Add(message);

    /// <summary>A string field; <paramref name="required"/> makes absence an error.</summary>
    public string? String(string name, bool required = false)
    {
        if (Element(name) is not { } e)
        {
            Missing(name, required);
            return null;
        }

        if (e.ValueKind != JsonValueKind.String || e.GetString() is not { Length: > 0 } s)
        {
            Fail(name, "a non-empty string", e);
            return null;
        }

        return s;
    }

    /// <summary>An integer field in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long? Integer(string name, long min, long max, bool required = false)
    {
        if (Element(name) is not { } e)
        {
            Missing(name, required);
            return null;
        }

        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long n) || n < min || n > max)
        {
            Fail(name, string.Create(CultureInfo.InvariantCulture, $"an integer in [{min}, {max}]"), e);
            return null;
        }

        return n;
    }

    /// <summary>A true/false field.</summary>
    public bool? Boolean(string name)
    {
        if (Element(name) is not { } e)
        {
            return null;
        }

        if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Fail(name, "true or false", e);
            return null;
        }

        return e.GetBoolean();
    }

    /// <summary>A nested object field.</summary>
    public JsonObjectReader? Object(string name, bool required = false)
    {
        if (Element(name) is not { } e)
        {
            Missing(name, required);
            return null;
        }

        return Open(e, At(name), _errors);
    }

    /// <summary>Reports every field that no getter asked for, with the accepted names.</summary>
    public void Finish()
    {
        foreach (string name in _fields.Keys.Where(n => !_known.Contains(n)))
        {
            _errors.Add($"{At(name)}: unknown field; expected one of: {string.Join(", ", _known)}.");
        }
    }

    /// <summary>A short description of a JSON value for error messages.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    private void Missing(string name, bool required)
    {
        if (required)
        {
            _errors.Add($"{At(name)}: missing field.");
        }
    }
}
