using System.Globalization;
using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Processing.Processors.Quantization;

namespace Memflux.Report.Tests;

/// <summary>
/// docs/report.png: <c>docs/report-screenshot.sh</c> runs <c>memflux run --report</c> and this test with
/// MEMFLUX_REPORT_PAGE (that report.html) and MEMFLUX_REPORT_SCREENSHOT (the PNG to write). The page gets the browser
/// test's checks first, so the bundled default's own report is checked in a browser too. Without the variables it
/// shoots the sample report into a temporary file, so the path runs in every test run.
/// </summary>
public sealed class ScreenshotTests : IDisposable
{
    /// <summary>The most the PNG in docs/ may weigh.</summary>
    public const long MaxBytes = 400_000;

    private readonly string _folder = Directory.CreateTempSubdirectory("memflux-shot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_report_page_is_shot_as_a_small_palette_png()
    {
        string page = Environment.GetEnvironmentVariable("MEMFLUX_REPORT_PAGE") is { Length: > 0 } given ? given : ReportWriter.Write(SampleReports.Full(), _folder);
        string output = Environment.GetEnvironmentVariable("MEMFLUX_REPORT_SCREENSHOT") is { Length: > 0 } target ? target : Path.Combine(_folder, "report.png");
        string raw = Path.Combine(_folder, "raw.png");
        using var browser = Chromium.Start();
        var seen = await ReportPage.InspectAsync(browser, page, raw, pageHeight: 2300, pageScale: 0.75);

        Assert.Empty(seen.Errors);
        Assert.Empty(seen.Requests);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(page)!, ReportFolder.JsonName)));
        foreach (var (key, text) in seen.Numbers)
        {
            double expected = JsonPath.Resolve(json.RootElement, key).GetDouble();
            Assert.Equal(ReportFormat.Number(expected), text);
        }

        using (var image = Image.Load(raw))
        {
            image.Save(output, new PngEncoder
            {
                ColorType = PngColorType.Palette,
                CompressionLevel = PngCompressionLevel.BestCompression,
                Quantizer = new WuQuantizer(new QuantizerOptions { MaxColors = 128, Dither = null }),
            });
        }

        long bytes = new FileInfo(output).Length;
        Assert.True(bytes < MaxBytes, string.Create(CultureInfo.InvariantCulture, $"{output}: {bytes} bytes, over {MaxBytes}"));
        var (colours, foreground) = Pixels.Measure(File.ReadAllBytes(output));
        Assert.True(colours >= 16 && foreground >= 0.05, $"{output} looks blank: {colours} colours, {foreground:P1} non-background");
    }
}
