using System.Text.RegularExpressions;
using Memflux.Numerics;

namespace Memflux.Report.Tests;

public sealed partial class ReportWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("memflux-writer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_page_refers_to_nothing_outside_it_and_escapes_the_header()
    {
        string html = ReportWriter.Render(SampleReports.Full());
        Assert.Empty(External().Matches(html));
        Assert.NotEmpty(External().Matches("<img src=\"http://example.org/x.png\">")); // the pattern does catch one
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;&amp;&gt;", html, StringComparison.Ordinal); // the embedded experiment file's "<&>"
        Assert.Contains("memflux run --limit 100 --report &#39;my report&#39;", html, StringComparison.Ordinal);
        Assert.Contains("a test of the omitted list", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_folder_is_created_when_its_parent_exists_and_refused_otherwise()
    {
        string inside = Path.Combine(_folder, "new");
        Assert.Equal(inside, ReportFolder.Prepare(inside));
        Assert.True(Directory.Exists(inside));
        var missing = Assert.Throws<MemfluxException>(() => ReportFolder.Prepare(Path.Combine(_folder, "no", "such")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        string file = Path.Combine(_folder, "file");
        File.WriteAllText(file, "x");
        Assert.Contains("is a file", Assert.Throws<MemfluxException>(() => ReportFolder.Prepare(file)).Message, StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(inside, ReportFolder.HtmlName));
        Assert.Contains("is a folder", Assert.Throws<MemfluxException>(() => ReportFolder.Prepare(inside)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_histogram_counts_like_a_naive_binning()
    {
        float[] values = [.. Enumerable.Range(0, 1001).Select(i => (float)Math.Sin(i * 0.37) * 3)];
        var h = Histogram.Of(values, 7, "test");
        double min = values.Min(), max = values.Max(), width = (max - min) / 7;
        long[] naive = new long[7];
        foreach (float v in values)
        {
            naive[Math.Min(6, (int)Math.Floor((v - min) / width))]++;
        }

        Assert.Equal(naive, h.Counts);
        Assert.Equal(values.Average(v => (double)v), h.Mean, 1e-9);
        Assert.Equal(Math.Sqrt(values.Average(v => Math.Pow(v - h.Mean, 2))), h.StandardDeviation, 1e-9);
        Assert.Throws<MemfluxException>(() => Histogram.Of([1f, float.NaN], 3, "test"));
    }

    [Theory]
    [InlineData(10000, "10000")]
    [InlineData(0.92712345, "0.9271")]
    [InlineData(3.3333e-6, "3.333E-06")]
    [InlineData(86400.5, "8.64E+04")]
    public void Numbers_print_with_four_significant_digits_and_counts_in_full(double value, string text) => Assert.Equal(text, ReportFormat.Number(value));

    [GeneratedRegex("""(src|href)\s*=\s*(?!["']?(data:|#))|url\(""", RegexOptions.IgnoreCase)]
    private static partial Regex External();
}
