using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memflux.Sweeps;

/// <summary>
/// A point's identity: the SHA-256 (hex) of its configuration written canonically (object keys sorted by ordinal, no
/// whitespace, numbers in their shortest round-trip form) followed by a newline and the Memflux version, so the same
/// configuration is the same point in every shard and every rerun, and a new Memflux version recomputes it.
/// </summary>
public static class PointId
{
    /// <summary>The canonical JSON text of <paramref name="node"/>.</summary>
    public static string Canonical(JsonNode? node)
    {
        var buffer = new StringBuilder();
        Write(node, buffer);
        return buffer.ToString();
    }

    /// <summary>The identity of the configuration <paramref name="canonicalConfig"/> under <paramref name="memfluxVersion"/>.</summary>
    public static string Of(string canonicalConfig, string memfluxVersion)
    {
        ArgumentNullException.ThrowIfNull(canonicalConfig);
        ArgumentNullException.ThrowIfNull(memfluxVersion);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonicalConfig + "\n" + memfluxVersion));
        return Convert.ToHexStringLower(hash);
    }

    private static void Write(JsonNode? node, StringBuilder buffer)
    {
        switch (node)
        {
            case null:
                buffer.Append("null");
                break;
            case JsonObject obj:
                buffer.Append('{');
                bool first = true;
                foreach (var (key, child) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    buffer.Append(first ? "" : ",").Append(JsonSerializer.Serialize(key)).Append(':');
                    Write(child, buffer);
                    first = false;
                }

                buffer.Append('}');
                break;
            case JsonArray array:
                buffer.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    buffer.Append(i == 0 ? "" : ",");
                    Write(array[i], buffer);
                }

                buffer.Append(']');
                break;
            default:
                var value = node.AsValue();
                buffer.Append(value.GetValueKind() == JsonValueKind.Number
                    ? value.GetValue<JsonElement>().GetDouble().ToString("R", CultureInfo.InvariantCulture)
                    : value.ToJsonString());
                break;
        }
    }
}
