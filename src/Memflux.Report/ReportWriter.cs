namespace Memflux.Report;

/// <summary>
/// Writes a <see cref="ReportModel"/> as report.html (self-contained: inline CSS, plots as embedded PNG, no script and
/// no external reference) and report.json (the model itself) into a folder that <see cref="ReportFolder.Prepare"/> checked.
/// </summary>
public static class ReportWriter
{
    /// <summary>Writes both files into <paramref name="folder"/>; returns the page's path.</summary>
    public static string Write(ReportModel model, string folder)
    {
        ArgumentNullException.ThrowIfNull(model);
        return ReportFolder.WriteFiles(folder, ReportJson.Serialize(model), Render(model));
    }

    /// <summary>The page's HTML.</summary>
    public static string Render(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var h = model.Header;
        var page = new HtmlPage($"Memflux report: {h.Verb} {h.Model}");
        HeaderSection.Write(page, h);
        if (model.Omitted.Count > 0)
        {
            page.Raw("<div class=\"omitted\" id=\"omitted\"><b>Sections not in this report</b><ul>");
            foreach (var o in model.Omitted)
            {
                page.Raw("<li><b>").Raw(HtmlPage.Escape(o.Section)).Raw("</b>: ").Raw(HtmlPage.Escape(o.Reason)).Raw("</li>");
            }

            page.Raw("</ul></div>\n");
        }

        if (model.Accuracy is { } accuracy)
        {
            FigureSections.Accuracy(page, accuracy);
        }

        if (model.LayerErrors is { } layers)
        {
            FigureSections.LayerErrors(page, layers);
        }

        if (model.Cost is { } cost)
        {
            FigureSections.Cost(page, cost);
        }

        if (model.Floorplan is { } floorplan)
        {
            FigureSections.Floorplan(page, floorplan);
        }

        if (model.Timeline is { } timeline)
        {
            FigureSections.Timeline(page, timeline);
        }

        if (model.Devices is { } devices)
        {
            FigureSections.Devices(page, devices);
        }

        return page.ToString();
    }
}
