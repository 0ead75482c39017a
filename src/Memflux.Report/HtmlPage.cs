using System.Net;
using System.Text;

namespace Memflux.Report;

/// <summary>
/// Builds the page's HTML: escaped text, numbers tagged with the JSON path of their value (<c>data-key</c>), plots as
/// embedded PNG. Nothing in the page refers to anything outside it.
/// </summary>
internal sealed class HtmlPage
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:62em;color:#222;line-height:1.4}
        h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em}
        table{border-collapse:collapse;margin:.6em 0;font-size:.9em}td,th{border:1px solid #ddd;padding:.2em .6em;text-align:left}
        th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
        code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em}pre{background:#f6f6f6;padding:.6em;overflow-x:auto;white-space:pre-wrap}
        figure{margin:1em 0}img.plot{max-width:100%;border:1px solid #eee}.pair{display:flex;gap:1em;flex-wrap:wrap}
        .omitted{background:#fff8e1;border-left:4px solid #f0b400;padding:.4em .8em}.note{color:#555;font-size:.9em}
        """;

    private readonly StringBuilder _html = new();

    /// <summary>Starts the document with <paramref name="title"/>.</summary>
    public HtmlPage(string title)
    {
        _html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<title>").Append(Escape(title)).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
    }

    /// <summary>Escapes text for HTML.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A number shown with its JSON path.</summary>
    public static string Number(string key, double value) =>
        $"<span class=\"num\" data-key=\"{Escape(key)}\">{ReportFormat.Number(value)}</span>";

    /// <summary>Appends raw HTML.</summary>
    public HtmlPage Raw(string html)
    {
        _html.Append(html);
        return this;
    }

    /// <summary>Appends an element holding escaped <paramref name="text"/>.</summary>
    public HtmlPage Element(string tag, string text, string? cssClass = null)
    {
        _html.Append('<').Append(tag);
        if (cssClass is not null)
        {
            _html.Append(" class=\"").Append(cssClass).Append('"');
        }

        _html.Append('>').Append(Escape(text)).Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>Appends a plot: the PNG embedded as a data URI, named by <paramref name="id"/> for the tests.</summary>
    public HtmlPage Plot(string id, byte[] png, string alt)
    {
        _html.Append("<figure><img class=\"plot\" id=\"plot-").Append(id).Append("\" data-plot=\"").Append(id)
            .Append("\" alt=\"").Append(Escape(alt)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\"></figure>\n");
        return this;
    }

    /// <summary>Appends a table; cells are HTML (escape text with <see cref="Escape"/>; numbers from <see cref="Number"/> are right-aligned).</summary>
    public HtmlPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _html.Append("<table><tr>");
        foreach (string h in header)
        {
            _html.Append("<th>").Append(Escape(h)).Append("</th>");
        }

        _html.Append("</tr>\n");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (string cell in row)
            {
                _html.Append(cell.StartsWith("<span class=\"num\"", StringComparison.Ordinal) ? "<td class=\"n\">" : "<td>").Append(cell).Append("</td>");
            }

            _html.Append("</tr>\n");
        }

        _html.Append("</table>\n");
        return this;
    }

    /// <summary>The finished document.</summary>
    public override string ToString() => _html.ToString() + "</body></html>\n";
}
