using System.Text.Json;
using System.Text.Json.Serialization;

namespace Memflux.Cli.Infrastructure;

/// <summary>The one way commands write <c>--json</c>: snake_case keys, indented, nothing else on stdout.</summary>
internal static class JsonOutput
{
    /// <summary>The serializer options; non-finite numbers (an infinite error) are written as "Infinity" / "NaN".</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Writes <paramref name="value"/> as JSON followed by a newline.</summary>
    public static void Write<T>(TextWriter output, T value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, Options));
        output.Flush();
    }
}
