using System.Text.Json;

namespace Memflux.Report.Tests;

/// <summary>A plot as the browser drew it: its id, its box in CSS pixels and a screenshot of that box.</summary>
internal sealed record PlotShot(string Id, double Width, double Height, byte[] Png);

/// <summary>What loading a page in the browser showed: errors, requests, tagged numbers, plots.</summary>
/// <param name="Errors">console.error calls, uncaught exceptions and error-level log entries.</param>
/// <param name="Requests">URLs the page requested, other than itself and data: URIs.</param>
/// <param name="Numbers">Every element with data-key: (key, text).</param>
/// <param name="Plots">Every img.plot, screenshot.</param>
internal sealed record PageInspection(IReadOnlyList<string> Errors, IReadOnlyList<string> Requests, IReadOnlyList<(string Key, string Text)> Numbers, IReadOnlyList<PlotShot> Plots);

/// <summary>Loads a file in <see cref="Chromium"/> over the DevTools protocol and inspects it.</summary>
internal static class ReportPage
{
    private const string Probe = """
        (async () => {
          await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
          return JSON.stringify({
            numbers: [...document.querySelectorAll('[data-key]')].map(e => [e.dataset.key, e.textContent]),
            plots: [...document.querySelectorAll('img.plot')].map(i => {
              const r = i.getBoundingClientRect();
              return { id: i.dataset.plot, x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height };
            })
          });
        })()
        """;

    /// <summary>Loads <paramref name="file"/>; with <paramref name="pageShot"/>, also shoots the page's top <paramref name="pageHeight"/> CSS pixels at <paramref name="pageScale"/>.</summary>
    public static async Task<PageInspection> InspectAsync(Chromium browser, string file, string? pageShot = null, int pageHeight = 0, double pageScale = 1)
    {
        await using var cdp = await DevTools.ConnectAsync(browser.BrowserEndpoint);
        string target = (await cdp.SendAsync("Target.createTarget", new { url = "about:blank" })).GetProperty("targetId").GetString()!;
        string session = (await cdp.SendAsync("Target.attachToTarget", new { targetId = target, flatten = true })).GetProperty("sessionId").GetString()!;
        foreach (string domain in (string[])["Page", "Runtime", "Log", "Network"])
        {
            await cdp.SendAsync($"{domain}.enable", null, session);
        }

        await cdp.SendAsync("Emulation.setDeviceMetricsOverride", new { width = 1100, height = 900, deviceScaleFactor = 1, mobile = false }, session);
        int before = cdp.Events.Count;
        string url = new Uri(Path.GetFullPath(file)).AbsoluteUri;
        await cdp.SendAsync("Page.navigate", new { url }, session);
        await cdp.WaitForEventAsync("Page.loadEventFired", before);
        var probe = await cdp.SendAsync("Runtime.evaluate", new { expression = Probe, awaitPromise = true, returnByValue = true }, session);
        using var data = JsonDocument.Parse(probe.GetProperty("result").GetProperty("value").GetString()!);
        var numbers = data.RootElement.GetProperty("numbers").EnumerateArray().Select(n => (n[0].GetString()!, n[1].GetString()!)).ToList();
        var plots = new List<PlotShot>();
        foreach (var p in data.RootElement.GetProperty("plots").EnumerateArray())
        {
            double x = p.GetProperty("x").GetDouble(), y = p.GetProperty("y").GetDouble(), w = p.GetProperty("w").GetDouble(), h = p.GetProperty("h").GetDouble();
            byte[] png = w < 1 || h < 1 ? [] : await Screenshot(cdp, session, x, y, w, h);
            plots.Add(new PlotShot(p.GetProperty("id").GetString()!, w, h, png));
        }

        if (pageShot is not null)
        {
            await File.WriteAllBytesAsync(pageShot, await Screenshot(cdp, session, 0, 0, 1100, pageHeight, pageScale));
        }

        await cdp.SendAsync("Target.closeTarget", new { targetId = target });
        var events = cdp.Events.Where(e => e.TryGetProperty("sessionId", out var s) && s.GetString() == session).ToList();
        return new PageInspection(Errors(events), Requests(events, url), numbers, plots);
    }

    private static async Task<byte[]> Screenshot(DevTools cdp, string session, double x, double y, double w, double h, double scale = 1)
    {
        var shot = await cdp.SendAsync("Page.captureScreenshot", new { format = "png", captureBeyondViewport = true, clip = new { x, y, width = w, height = h, scale } }, session);
        return Convert.FromBase64String(shot.GetProperty("data").GetString()!);
    }

    private static List<string> Errors(List<JsonElement> events)
    {
        var errors = new List<string>();
        foreach (var e in events)
        {
            string method = e.GetProperty("method").GetString()!;
            var p = e.GetProperty("params");
            if (method == "Runtime.consoleAPICalled" && p.GetProperty("type").GetString() is "error" or "assert")
            {
                errors.Add($"console.{p.GetProperty("type").GetString()}: {p.GetProperty("args")}");
            }
            else if (method == "Runtime.exceptionThrown")
            {
                errors.Add($"exception: {p.GetProperty("exceptionDetails")}");
            }
            else if (method == "Log.entryAdded" && p.GetProperty("entry").GetProperty("level").GetString() == "error")
            {
                errors.Add($"log: {p.GetProperty("entry").GetProperty("text").GetString()} ({p.GetProperty("entry").GetProperty("source").GetString()})");
            }
        }

        return errors;
    }

    private static List<string> Requests(List<JsonElement> events, string page) =>
        [.. events.Where(e => e.GetProperty("method").GetString() == "Network.requestWillBeSent")
            .Select(e => e.GetProperty("params").GetProperty("request").GetProperty("url").GetString()!)
            .Where(u => u != page && !u.StartsWith("data:", StringComparison.Ordinal))];
}
