using Memflux.Numerics;

namespace Memflux.Chip.Tests;

public class ChipTimeTests
{
    [Theory]
    [InlineData("1s", 1.0)]
    [InlineData("250ms", 0.25)]
    [InlineData("1h", 3600.0)]
    [InlineData("1d", 86400.0)]
    [InlineData("1y", 31536000.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("0", 0.0)]
    [InlineData("-0s", 0.0)]
    [InlineData("-0", 0.0)]
    public void ParsesDurations(string text, double seconds)
    {
        double parsed = ChipTime.Parse(text, "--times");
        Assert.Equal(seconds, parsed, 9);
        Assert.False(double.IsNegative(parsed), $"{text} parsed as a negative zero"); // later checks reject -0 as negative
    }

    [Theory]
    [InlineData("1x")]
    [InlineData("-1s")]
    [InlineData("")]
    public void RejectsBadDurationsNamingTheField(string text)
    {
        var e = Assert.Throws<MemfluxException>(() => ChipTime.Parse(text, "--times"));
        Assert.Contains("--times", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, "1s")]
    [InlineData(3600.0, "1h")]
    [InlineData(86400.0, "1d")]
    [InlineData(31536000.0, "1y")]
    public void FormatsRoundDurations(double seconds, string text) => Assert.Equal(text, ChipTime.Format(seconds));
}
