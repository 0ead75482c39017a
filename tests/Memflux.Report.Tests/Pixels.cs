using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Memflux.Report.Tests;

/// <summary>What a screenshot holds: distinct colours and the share of pixels that differ from its most common colour.</summary>
internal static class Pixels
{
    public static (int Colours, double Foreground) Measure(byte[] png)
    {
        using var image = Image.Load<Rgba32>(png);
        var counts = new Dictionary<uint, int>();
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                foreach (var p in rows.GetRowSpan(y))
                {
                    counts[p.PackedValue] = counts.GetValueOrDefault(p.PackedValue) + 1;
                }
            }
        });
        int total = image.Width * image.Height;
        return (counts.Count, 1.0 - ((double)counts.Values.Max() / total));
    }
}
