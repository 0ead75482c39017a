namespace Memflux.Devices.Tests;

/// <summary>
/// <see cref="DeviceState"/> kept as 16-bit codes on its model's grids: programming, reading and copying give the bits
/// the fp32 state gives, a value off the grid is kept in full, and parallel programming of disjoint chunks loses nothing.
/// </summary>
public class DeviceStateTests
{
    public static TheoryData<string> Models => ["pcm", "pcm-faulty", "rram", "custom"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Codes_hold_what_the_fp32_state_holds_and_reads_are_bit_identical(string name)
    {
        DeviceModel device = name switch
        {
            "pcm" => new PcmDevice(),
            "pcm-faulty" => new PcmDevice(PcmParameters.Default, new DeviceNonIdealities(StuckAtMinFraction: 0.01, StuckAtMaxFraction: 0.01, StuckAtRandomFraction: 0.01)),
            "rram" => new RramDevice(),
            _ => new CustomDevice(new CustomDeviceTable([0, 10, 20], [0.3, 0.5, 0.4], [0.05, 0.06, 0.07], [0.01, 0.02, 0.02], [0, 0, 0], "test")),
        };
        int n = 100_003; // several parallel chunks and a ragged tail
        float gMax = (float)device.GMaxMicroSiemens;
        float[] targets = [.. Enumerable.Range(0, n).Select(i => gMax * (i % 1001) / 1000f)];
        var full = new DeviceState(n);
        var compact = new DeviceState(n, device.StateResolution);
        device.Program(targets, full, key: 7);
        device.Program(targets, compact, key: 7);

        Assert.NotNull(compact.PlainCodes); // every device on the grid: two codes a device
        Assert.Null(full.PlainCodes);
        Assert.Equal(Bits(full.Programmed()), Bits(compact.Programmed()));
        Assert.Equal(Bits(full.DriftExponents()), Bits(compact.DriftExponents()));
        Assert.Equal(full.Faults, compact.Faults);
        foreach (double t in new[] { 0.0, 3600, 86_400 * 365.25 })
        {
            Assert.Equal(Bits(DeviceModelContract.Read(device, full, t, 3, 1)), Bits(DeviceModelContract.Read(device, compact, t, 3, 1)));
        }
    }

    [Fact]
    public void Values_off_the_grid_are_kept_in_full_and_the_rest_as_codes()
    {
        var resolution = new PcmDevice().StateResolution!;
        var state = new DeviceState(1000, resolution);
        float top = resolution.Conductance.Decode(StateGrid.MaxCode);
        float[] g = [.. Enumerable.Range(0, 1000).Select(i => resolution.Conductance.Decode(i * 37))];
        float[] nu = [.. Enumerable.Range(0, 1000).Select(i => resolution.Drift.Decode(i * 11))];
        (g[3], g[500], g[999], nu[7]) = (-1f, top, float.NaN, 1.5f); // below, at the escape code, not a number, above
        state.Set(0, g, nu);

        Assert.Null(state.PlainCodes);
        Assert.Equal(Bits(g), Bits(state.Programmed()));
        Assert.Equal(Bits(nu), Bits(state.DriftExponents()));
        Assert.Equal(-1f, state.ProgrammedAt(3));
        Assert.Equal(top, state.ProgrammedAt(500));
        Assert.Equal(1.5f, state.DriftAt(7));

        var part = new float[10];
        state.CopyProgrammed(495, part);
        Assert.Equal(Bits(g[495..505]), Bits(part));

        state.Set(3, g[4], nu[3]); // back on the grid
        Assert.Equal(g[4], state.ProgrammedAt(3));
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
