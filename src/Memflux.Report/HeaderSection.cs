namespace Memflux.Report;

/// <summary>The page's header: model and hash, presets and every non-default setting, seeds, version, the command.</summary>
internal static class HeaderSection
{
    public static void Write(HtmlPage page, ReportHeader h)
    {
        page.Element("h1", $"Memflux {h.Verb}: {h.Model}");
        var rows = new List<IReadOnlyList<string>>
        {
            Row("model", h.Model),
            Row("model SHA-256", $"<code>{HtmlPage.Escape(h.ModelSha256)}</code>", raw: true),
            Row("chip", h.Chip ?? "none"),
            Row("device", h.Device ?? "none"),
        };
        foreach (var s in h.Settings)
        {
            rows.Add(Row(s.Name, s.Value));
        }

        rows.Add(Row("seeds", h.Seeds.Count == 0 ? "none" : string.Join(", ", h.Seeds)));
        rows.Add(Row("Memflux", $"{h.Version} (commit {h.Commit})"));
        page.Raw("<section id=\"header\">");
        page.Table(["", ""], rows);
        page.Raw("<p>Reproduce with:</p><pre id=\"command\"><code>").Raw(HtmlPage.Escape(h.Command)).Raw("</code></pre>\n");
        if (h.Experiment is { } experiment)
        {
            page.Raw("<details id=\"experiment\"><summary>experiment file ").Raw(HtmlPage.Escape(experiment.Name))
                .Raw("</summary><pre>").Raw(HtmlPage.Escape(experiment.Text)).Raw("</pre></details>\n");
        }

        page.Raw("</section>\n");
    }

    private static string[] Row(string name, string value, bool raw = false) => [HtmlPage.Escape(name), raw ? value : HtmlPage.Escape(value)];
}
