using System.Globalization;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Memflux.Report.Tests;

/// <summary>
/// The report in a real browser (headless Chromium over the DevTools protocol): no console errors, no requests, every
/// plot present and drawn, and every number the page prints equal to report.json at the path its data-key names.
/// Chromium must be installed (.ci/run installs it): without it these tests fail, they do not skip.
/// </summary>
public sealed class ReportBrowserTests : IDisposable
{
    private static readonly string[] Plots = ["accuracy", "layer-errors", "energy", "area", "floorplan", "timeline", "conductance-error", "drift-exponent"];
    private readonly string _folder = Directory.CreateTempSubdirectory("memflux-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Every_plot_renders_and_every_number_equals_report_json()
    {
        string page = ReportWriter.Write(SampleReports.Full(), _folder);
        using var browser = Chromium.Start();
        var seen = await ReportPage.InspectAsync(browser, page);

        Assert.Empty(seen.Errors);
        Assert.Empty(seen.Requests);
        Assert.Equal(Plots, seen.Plots.Select(p => p.Id));
        foreach (var plot in seen.Plots)
        {
            var (colours, foreground) = Pixels.Measure(plot.Png);
            Assert.True(colours >= 16 && foreground >= 0.02, $"plot {plot.Id} looks blank: {colours} colours, {foreground:P1} non-background pixels");
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, ReportFolder.JsonName)));
        Assert.True(seen.Numbers.Count >= 50, $"only {seen.Numbers.Count} tagged numbers");
        foreach (var (key, text) in seen.Numbers)
        {
            AssertShows(JsonPath.Resolve(json.RootElement, key).GetDouble(), text, key);
        }
    }

    [Fact]
    public async Task The_sweep_report_draws_both_fronts_and_every_number_equals_report_json()
    {
        var model = SampleReports.Sweep();
        string page = SweepReportWriter.Write(model, _folder);
        using var browser = Chromium.Start();
        var seen = await ReportPage.InspectAsync(browser, page);

        Assert.Empty(seen.Errors);
        Assert.Empty(seen.Requests);
        Assert.Equal(["pareto-energy", "pareto-area"], seen.Plots.Select(p => p.Id));
        foreach (var plot in seen.Plots)
        {
            var (colours, foreground) = Pixels.Measure(plot.Png);
            Assert.True(colours >= 16 && foreground >= 0.02, $"plot {plot.Id} looks blank: {colours} colours, {foreground:P1} non-background pixels");
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, ReportFolder.JsonName)));
        // Per point: index, quality, energy, area, wall time; per sensitivity row one or two spreads; three "most sensitive" lines.
        Assert.Equal((5 * model.Points.Count) + 5 + 3, seen.Numbers.Count);
        foreach (var (key, text) in seen.Numbers)
        {
            AssertShows(JsonPath.Resolve(json.RootElement, key).GetDouble(), text, key);
        }

        string html = File.ReadAllText(page);
        Assert.Contains("most sensitive to <b>device.overrides.tiles.adc.bits</b>", html, StringComparison.Ordinal);
        Assert.Contains("most sensitive to <b>hardware.preset</b>", html, StringComparison.Ordinal);
        Assert.Contains("results &lt;&amp;&gt;.db", html, StringComparison.Ordinal);
        Assert.Equal(model.Points.Count(p => p.ParetoEnergy), json.RootElement.GetProperty("points").EnumerateArray().Count(p => p.GetProperty("pareto_energy").GetBoolean()));
    }

    [Fact]
    public async Task The_inspection_catches_errors_requests_blank_plots_and_wrong_numbers()
    {
        using var white = new Image<Rgba32>(200, 100, Color.White);
        using var stream = new MemoryStream();
        white.SaveAsPng(stream);
        string page = Path.Combine(_folder, "broken.html");
        File.WriteAllText(page, $"""
            <!DOCTYPE html><html><body>
            <img class="plot" data-plot="blank" src="data:image/png;base64,{Convert.ToBase64String(stream.ToArray())}">
            <img src="http://127.0.0.1:9/remote.png">
            <span data-key="cost.baseline_ratio">0.75</span>
            <script>console.error("broken"); throw new Error("thrown");</script>
            </body></html>
            """);
        using var browser = Chromium.Start();
        var seen = await ReportPage.InspectAsync(browser, page);

        Assert.Contains(seen.Errors, e => e.Contains("broken", StringComparison.Ordinal));
        Assert.Contains(seen.Errors, e => e.Contains("thrown", StringComparison.Ordinal));
        Assert.Contains("http://127.0.0.1:9/remote.png", seen.Requests);
        var (colours, foreground) = Pixels.Measure(Assert.Single(seen.Plots).Png);
        Assert.True(colours < 16 || foreground < 0.02);
        using var json = JsonDocument.Parse(ReportJson.Serialize(SampleReports.Full()));
        var (key, text) = Assert.Single(seen.Numbers);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertShows(JsonPath.Resolve(json.RootElement, key).GetDouble(), text, key));
    }

    /// <summary>The page's text is the JSON value to <see cref="ReportFormat.SignificantDigits"/> significant digits.</summary>
    private static void AssertShows(double expected, string text, string key)
    {
        Assert.True(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double shown), $"{key}: '{text}' is not a number");
        double tolerance = 0.5 * Math.Pow(10, 1 - ReportFormat.SignificantDigits) * Math.Abs(expected);
        Assert.True(Math.Abs(shown - expected) <= tolerance, $"{key}: the page shows {text}, report.json holds {expected.ToString("R", CultureInfo.InvariantCulture)}");
    }
}
