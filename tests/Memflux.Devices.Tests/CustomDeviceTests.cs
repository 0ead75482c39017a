using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Devices.Tests;

public class CustomDeviceTests
{
    private const string Header = "g_target_uS,sigma_prog_uS,drift_nu_mean,drift_nu_std";

    [Fact]
    public void ExampleFileLoadsAndInterpolatesLinearly()
    {
        var device = CustomDevice.Load(RepositoryPaths.Combine("data", "devices", "pcm-like-example.csv"));
        Assert.Equal(25.0, device.GMaxMicroSiemens);
        Assert.Equal(11, device.Table.Count);
        (double sigma, double mean, double std, double read) = device.Table.At(11.25); // halfway between 10 and 12.5 µS
        Assert.Equal((0.8618 + 0.9527) / 2, sigma, 5);
        Assert.Equal(0.049, mean, 5);
        Assert.Equal(0.008, std, 5);
        Assert.Equal((0.6688 + 0.7232) / 2, read, 5);
        Assert.Equal(0.2635, device.Table.At(-1).SigmaProgramMicroSiemens, 5); // flat below the first row
    }

    [Fact]
    public void ProgrammingSpreadFollowsTheTable()
    {
        var device = new CustomDevice(CustomDeviceCsv.Parse([Header, "0,0.5,0.05,0.01", "10,1.5,0.05,0.01"], "t"));
        DeviceState state = DeviceModelContract.Programmed(device, Enumerable.Repeat(5f, 1_000_000).ToArray(), 3);
        (double mean, double sd) = PcmDeviceTests.MeanSd(state.Programmed());
        Assert.InRange(mean, 5 - 5e-3, 5 + 5e-3); // SE 1e-3
        Assert.InRange(sd, 1.0 * (1 - 3.5e-3), 1.0 * (1 + 3.5e-3)); // σ interpolated to 1.0 µS
        (mean, sd) = PcmDeviceTests.MeanSd(state.DriftExponents());
        Assert.InRange(mean, 0.05 - 5e-5, 0.05 + 5e-5);
        Assert.InRange(sd, 0.01 * (1 - 3.5e-3), 0.01 * (1 + 3.5e-3));
    }

    [Theory]
    [InlineData(new[] { "# only a comment" }, "t: expected a header row")]
    [InlineData(new[] { "g_target_uS,sigma_prog_uS,drift_nu_mean", "0,1,0.05" }, "t:1: header lacks the required column 'drift_nu_std'")]
    [InlineData(new[] { Header + ",colour", "0,1,0.05,0.01,red" }, "t:1: column 5 'colour' is not one of")]
    [InlineData(new[] { Header, "0,1,0.05,0.01", "5,abc,0.05,0.01" }, "t:3: column sigma_prog_uS: expected a finite number, found 'abc'")]
    [InlineData(new[] { Header, "0,1,0.05,0.01", "# note", "5,-1,0.05,0.01" }, "t:4: column sigma_prog_uS: expected in [0, 1000000], found -1")]
    [InlineData(new[] { Header, "5,1,0.05,0.01", "5,1,0.05,0.01" }, "t:3: column g_target_uS: expected in [0, 1000000] and above the previous row's 5")]
    [InlineData(new[] { Header, "5,1,0.05,0.01", "4,1,0.05,0.01" }, "t:3: column g_target_uS")]
    [InlineData(new[] { Header, "0,1,0.05,0.01", "5,1,0.05" }, "t:3: expected 4 values, found 3")]
    [InlineData(new[] { Header, "0,1,0.05,-0.01", "5,1,0.05,0.01" }, "t:2: column drift_nu_std: expected in [0, 10]")]
    [InlineData(new[] { Header, "0,1e300,0.05,0.01", "5,1,0.05,0.01" }, "t:2: column sigma_prog_uS: expected in [0, 1000000], found 1E+300")] // overflowed float into NaN reads (issue 18)
    [InlineData(new[] { Header, "0,1,0.05,0.01", "1e39,1,0.05,0.01" }, "t:3: column g_target_uS: expected in [0, 1000000] and above")]
    [InlineData(new[] { Header, "0,1,-40,0.01", "5,1,0.05,0.01" }, "t:2: column drift_nu_mean: expected within ±10, found -40")]
    [InlineData(new[] { Header, "5,1,0.05,0.01" }, "t: expected at least 2 rows")]
    [InlineData(new[] { Header + ",g_target_uS", "5,1,0.05,0.01,1" }, "t:1: column 'g_target_uS' appears twice")]
    public void BadCsvNamesFileLineAndColumn(string[] lines, string expected)
    {
        var error = Assert.Throws<MemfluxException>(() => CustomDeviceCsv.Parse(lines, "t"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var error = Assert.Throws<MemfluxException>(() => CustomDevice.Load("/nonexistent/stats.csv"));
        Assert.Contains("/nonexistent/stats.csv", error.Message, StringComparison.Ordinal);
    }
}
