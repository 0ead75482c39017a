using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Memflux.Chip.Hardware;

/// <summary>
/// Checks a JSON document against the shape of a positional record before it is deserialized, so that every unknown,
/// missing or mistyped field is reported with its JSON path and what was expected (System.Text.Json's own messages name
/// .NET types, not fields).
/// </summary>
internal static class JsonShapeCheck
{
    /// <summary>Adds one line per problem in <paramref name="element"/> (of record type <paramref name="type"/>) to <paramref name="errors"/>.</summary>
    public static void Check(JsonElement element, Type type, string path, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: expected an object, found {Describe(element)}.");
            return;
        }

        var parameters = Parameters(type);
        var optional = OptionalProperties(type);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            string childPath = $"{path}.{property.Name}";
            if (!seen.Add(property.Name))
            {
                errors.Add($"{childPath}: field given twice.");
                continue;
            }

            if (!parameters.TryGetValue(property.Name, out var parameterType) && !optional.TryGetValue(property.Name, out parameterType))
            {
                errors.Add($"{childPath}: unknown field; expected one of: {string.Join(", ", parameters.Keys.Concat(optional.Keys))}.");
                continue;
            }

            CheckValue(property.Value, parameterType, childPath, errors);
        }

        foreach (string name in parameters.Keys.Where(n => !seen.Contains(n)))
        {
            errors.Add($"{path}.{name}: missing field.");
        }
    }

    /// <summary>The JSON (snake_case) names of the record's constructor parameters, in declaration order, with their types.</summary>
    public static IReadOnlyDictionary<string, Type> Parameters(Type type) => ParametersCache.GetOrAdd(type, ReadParameters);

    /// <summary>
    /// The JSON names of the record's optional fields: public init-only properties that are not constructor parameters
    /// (e.g. <see cref="ChipSpec.System"/>), with their types (nullable wrappers removed).
    /// </summary>
    public static IReadOnlyDictionary<string, Type> OptionalProperties(Type type) => OptionalCache.GetOrAdd(type, ReadOptionalProperties);

    // Reflection over a type's constructor and attributes costs more than checking a whole spec; a design sweep checks
    // one spec per point, so each type is read once.
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> ParametersCache = new();

    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> OptionalCache = new();

    private static IReadOnlyDictionary<string, Type> ReadParameters(Type type)
    {
        var ctor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Single(c => c.GetParameters().Length > 0);
        var result = new OrderedDictionary<string, Type>(StringComparer.Ordinal);
        foreach (var p in ctor.GetParameters())
        {
            result.Add(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name!), p.ParameterType);
        }

        return result;
    }

    private static IReadOnlyDictionary<string, Type> ReadOptionalProperties(Type type)
    {
        var ctorNames = Parameters(type).Keys.ToHashSet(StringComparer.Ordinal);
        var result = new OrderedDictionary<string, Type>(StringComparer.Ordinal);
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            string name = JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);
            bool ignored = p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is { Condition: System.Text.Json.Serialization.JsonIgnoreCondition.Always };
            if (p.SetMethod is { IsPublic: true } && !ignored && !ctorNames.Contains(name))
            {
                result.Add(name, Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType);
            }
        }

        return result;
    }

    private static void CheckValue(JsonElement value, Type type, string path, List<string> errors)
    {
        if (type == typeof(ChipCount))
        {
            bool ok = value.ValueKind == JsonValueKind.String ? value.GetString() == "auto"
                : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) && n >= 1;
            if (!ok)
            {
                errors.Add($"{path}: expected a positive integer or \"auto\", found {Describe(value)}.");
            }
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long n) || (type == typeof(int) && n is < int.MinValue or > int.MaxValue))
            {
                errors.Add($"{path}: expected an integer, found {Describe(value)}.");
            }
        }
        else if (type == typeof(double))
        {
            if (value.ValueKind != JsonValueKind.Number || !double.IsFinite(value.GetDouble()))
            {
                errors.Add($"{path}: expected a number, found {Describe(value)}.");
            }
        }
        else if (type == typeof(string))
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{path}: expected a string, found {Describe(value)}.");
            }
        }
        else if (type == typeof(bool))
        {
            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add($"{path}: expected true or false, found {Describe(value)}.");
            }
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{path}: expected an array, found {Describe(value)}.");
                return;
            }

            int i = 0;
            foreach (var item in value.EnumerateArray())
            {
                CheckValue(item, type.GetGenericArguments()[0], $"{path}[{i++}]", errors);
            }
        }
        else if (type == typeof(IReadOnlyDictionary<string, string>))
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: expected an object of strings, found {Describe(value)}.");
                return;
            }

            foreach (var p in value.EnumerateObject().Where(p => p.Value.ValueKind != JsonValueKind.String))
            {
                errors.Add($"{path}.{p.Name}: expected a string, found {Describe(p.Value)}.");
            }
        }
        else
        {
            Check(value, type, path, errors);
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Number => value.GetRawText(),
        _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
