using System.Text.Json;
using System.Text.Json.Serialization;

namespace Memflux.Report;

/// <summary>report.json: the <see cref="ReportModel"/> as it is, snake_case names (the paths the page's data-key attributes use).</summary>
public static class ReportJson
{
    /// <summary>The serializer options (indented, snake_case, nulls written).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The model as UTF-8 JSON.</summary>
    public static byte[] Serialize(ReportModel model) => JsonSerializer.SerializeToUtf8Bytes(model, Options);

    /// <summary>The JSON name of a model property (what <see cref="Options"/> writes).</summary>
    public static string Name(string property) => JsonNamingPolicy.SnakeCaseLower.ConvertName(property);
}
