namespace Memflux.Devices.Tests;

/// <summary>Issue 14 §3: the 16-bit grids programming rounds the device state to, and that the chip image stores.</summary>
public class StateGridTests
{
    private static readonly StateGrid Conductance = DeviceStateResolution.ConductanceGrid(25.0);

    [Fact]
    public void RoundingMovesAValueByAtMostHalfAStepAndLeavesItOnTheGrid()
    {
        var random = new Random(3);
        float[] values = [.. Enumerable.Range(0, 10_001).Select(_ => (float)(random.NextDouble() * 2 * 25.0 * 0.999))];
        float[] rounded = (float[])values.Clone();
        Conductance.Round(rounded);

        Assert.Equal(25f / 32768, Conductance.Step);
        for (int i = 0; i < values.Length; i++)
        {
            // Half a step of g_max/2^15, plus two single-precision ulps of the value (the scaled value and the decoded
            // one are each rounded once).
            float ulp = MathF.BitIncrement(values[i]) - values[i];
            Assert.InRange(Math.Abs(rounded[i] - values[i]), 0, Conductance.MaxError + (2 * ulp));
        }

        var codes = new ushort[values.Length];
        Assert.True(Conductance.TryEncode(rounded, codes));
        var decoded = new float[values.Length];
        Conductance.Decode(codes, decoded);
        Assert.Equal(rounded.Select(BitConverter.SingleToInt32Bits), decoded.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void ValuesOffTheGridAreLeftAloneAndRefuseToEncode()
    {
        float top = Conductance.Decode(StateGrid.MaxCode);
        float[] outside = [-0.5f, top + 1, float.NaN, float.PositiveInfinity, 1e6f, 0f, 0f, 0f, 0f];
        float[] copy = (float[])outside.Clone();
        Conductance.Round(copy);
        Assert.Equal(outside.Take(5).Select(BitConverter.SingleToInt32Bits), copy.Take(5).Select(BitConverter.SingleToInt32Bits));

        // One off-grid value anywhere (in the vector part or the scalar tail) makes the whole array float32.
        for (int at = 0; at < 9; at++)
        {
            float[] values = new float[9];
            values[at] = Conductance.Decode(1234) + (Conductance.Step / 3);
            Assert.False(Conductance.TryEncode(values, new ushort[9]), $"off-grid value at {at}");
            values[at] = Conductance.Decode(1234);
            Assert.True(Conductance.TryEncode(values, new ushort[9]));
        }
    }

    [Fact]
    public void NegativeZeroRoundsToZeroAndTheRelaxationGridCoversNegativeDeviates()
    {
        float[] zero = [-0f];
        Conductance.Round(zero);
        Assert.Equal(0, BitConverter.SingleToInt32Bits(zero[0]));

        var xi = RramDevice.RelaxationDeviateGrid;
        float[] deviates = [-6.66f, -1f, 0f, 0.123456f, 6.66f];
        float[] rounded = (float[])deviates.Clone();
        xi.Round(rounded);
        for (int i = 0; i < deviates.Length; i++)
        {
            Assert.InRange(Math.Abs(rounded[i] - deviates[i]), 0, xi.MaxError);
        }

        Assert.True(xi.TryEncode(rounded, new ushort[rounded.Length]));
    }

    public static TheoryData<string> Models => ["pcm", "rram", "custom"];

    [Theory]
    [MemberData(nameof(Models))]
    public void ProgrammedStateLiesOnTheModelsGrids(string name)
    {
        DeviceModel device = name switch
        {
            "pcm" => new PcmDevice(PcmParameters.Default, new DeviceNonIdealities(StuckAtMinFraction: 0.01, StuckAtMaxFraction: 0.01, StuckAtRandomFraction: 0.01, GMaxDeviceSpreadRelative: 0.05)),
            "rram" => new RramDevice(),
            _ => new CustomDevice(new CustomDeviceTable([0, 10, 20], [0.3, 0.5, 0.4], [0.05, 0.06, 0.07], [0.01, 0.02, 0.02], [0, 0, 0], "test")),
        };
        var resolution = device.StateResolution!;
        int n = 100_003;
        float gMax = (float)device.GMaxMicroSiemens;
        float[] targets = [.. Enumerable.Range(0, n).Select(i => gMax * (i % 1001) / 1000f)];
        var state = new DeviceState(n);
        device.Program(targets, state, key: 7);

        Assert.True(resolution.Conductance.TryEncode(state.Programmed(), new ushort[n]));
        Assert.True(resolution.Drift.TryEncode(state.DriftExponents(), new ushort[n]));
    }

    [Fact]
    public void AnIdealDeviceAndACustomDeviceWithoutSpreadKeepFullPrecision()
    {
        Assert.Null(new IdealDevice().StateResolution);
        var noSpread = new CustomDeviceTable([0, 10, 20], [0.3, 0.5, 0.4], [0.05, 0.06, 0.07], [0, 0, 0], [0, 0, 0], "flat");
        Assert.Null(new CustomDevice(noSpread).StateResolution);
    }
}
