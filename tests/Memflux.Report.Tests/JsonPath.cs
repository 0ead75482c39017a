using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Memflux.Report.Tests;

/// <summary>Resolves the page's data-key paths ("a.b[2].c") in report.json.</summary>
internal static partial class JsonPath
{
    public static JsonElement Resolve(JsonElement root, string path)
    {
        var node = root;
        foreach (string part in path.Split('.'))
        {
            var match = Segment().Match(part);
            Assert.True(match.Success, $"bad data-key segment '{part}' in '{path}'");
            Assert.True(node.TryGetProperty(match.Groups[1].Value, out node), $"report.json has no '{match.Groups[1].Value}' on the path '{path}'");
            foreach (Capture index in match.Groups[2].Captures)
            {
                node = node[int.Parse(index.Value, CultureInfo.InvariantCulture)];
            }
        }

        return node;
    }

    [GeneratedRegex(@"^([a-z0-9_]+)(?:\[(\d+)\])*$")]
    private static partial Regex Segment();
}
