namespace Memflux.Devices.Tests;

/// <summary>
/// The contract every <see cref="DeviceModel"/> keeps, run for each kind by a subclass (one abstract suite, many
/// implementations): determinism per key and at any thread count, fresh read noise per read index, reads leave the
/// state alone, targets validated, outputs finite and ≥ 0, re-programming with the same key reproduces the state.
/// </summary>
public abstract class DeviceModelContract
{
    private static readonly double[] Times = [0, 1, 3600, 86400, 3.15e7, 1e9];

    /// <summary>The model under test; <paramref name="maxDegreeOfParallelism"/> −1 for the default.</summary>
    protected abstract DeviceModel Create(int maxDegreeOfParallelism = -1);

    /// <summary>False for a model that reads without noise.</summary>
    protected virtual bool HasReadNoise => true;

    /// <summary>False for a model that programs without noise.</summary>
    protected virtual bool HasProgrammingNoise => true;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(1025)]
    [InlineData((2 * DeviceModel.ChunkSize) + 13)]
    public void SameKeyGivesSameStateAndReads(int count)
    {
        DeviceModel model = Create();
        float[] targets = Targets(count, model.GMaxMicroSiemens);
        DeviceState a = Programmed(model, targets, 11), b = Programmed(model, targets, 11);
        AssertSameState(a, b);
        Assert.Equal(Read(model, a, 3600, 11, 2), Read(model, b, 3600, 11, 2));
    }

    [Fact]
    public void ThreadCountDoesNotChangeResults()
    {
        DeviceModel serial = Create(1), parallel = Create(), two = Create(2);
        float[] targets = Targets((3 * DeviceModel.ChunkSize) + 5, serial.GMaxMicroSiemens);
        DeviceState s = Programmed(serial, targets, 5), p = Programmed(parallel, targets, 5), t = Programmed(two, targets, 5);
        AssertSameState(s, p);
        AssertSameState(s, t);
        Assert.Equal(Read(serial, s, 86400, 5, 1), Read(parallel, p, 86400, 5, 1));
        Assert.Equal(Read(serial, s, 86400, 5, 1), Read(two, t, 86400, 5, 1));
    }

    [Fact]
    public void ValuesDependOnlyOnDeviceIndexNotBlockLength()
    {
        DeviceModel model = Create();
        float[] targets = Targets(DeviceModel.ChunkSize + 100, model.GMaxMicroSiemens);
        DeviceState whole = Programmed(model, targets, 3), prefix = Programmed(model, targets[..37], 3);
        Assert.Equal(whole.Programmed()[..37], prefix.Programmed());
        Assert.Equal(whole.DriftExponents()[..37], prefix.DriftExponents());
        Assert.Equal(Read(model, whole, 60, 3, 0)[..37], Read(model, prefix, 60, 3, 0));
    }

    [Fact]
    public void EachReadIndexGivesFreshNoiseAndTheSameIndexRepeats()
    {
        DeviceModel model = Create();
        DeviceState state = Programmed(model, Targets(4001, model.GMaxMicroSiemens), 8);
        float[] first = Read(model, state, 3600, 8, 0);
        Assert.Equal(first, Read(model, state, 3600, 8, 0));
        float[] second = Read(model, state, 3600, 8, 1);
        int differing = first.Zip(second).Count(p => p.First != p.Second);
        if (HasReadNoise)
        {
            Assert.True(differing > 3000, $"only {differing} of 4001 devices changed between reads");
        }
        else
        {
            Assert.Equal(0, differing);
        }
    }

    [Fact]
    public void ReadsLeaveTheStateAlone()
    {
        DeviceModel model = Create();
        DeviceState state = Programmed(model, Targets(777, model.GMaxMicroSiemens), 2);
        DeviceState copy = Programmed(model, Targets(777, model.GMaxMicroSiemens), 2);
        foreach (double t in Times)
        {
            _ = Read(model, state, t, 2, 9);
        }

        AssertSameState(copy, state);
    }

    [Fact]
    public void ProgrammingAgainWithTheSameKeyReproducesTheState()
    {
        DeviceModel model = Create();
        float[] targets = Targets(999, model.GMaxMicroSiemens);
        DeviceState state = Programmed(model, targets, 4);
        DeviceState reference = Programmed(model, targets, 4);
        model.Program(targets, state, 5);
        if (HasProgrammingNoise)
        {
            Assert.NotEqual(reference.Programmed(), state.Programmed());
        }

        model.Program(targets, state, 4);
        AssertSameState(reference, state);
    }

    [Fact]
    public void OutputsAreFiniteAndNonNegative()
    {
        DeviceModel model = Create();
        float[] targets = Targets(20_000, model.GMaxMicroSiemens);
        targets[0] = 0;
        targets[1] = (float)model.GMaxMicroSiemens;
        DeviceState state = Programmed(model, targets, 6);
        Assert.All(state.Programmed(), g => Assert.True(g >= 0 && float.IsFinite(g), $"programmed {g}"));
        Assert.All(state.DriftExponents(), nu => Assert.True(float.IsFinite(nu), $"drift parameter {nu}"));
        foreach (double t in Times)
        {
            Assert.All(Read(model, state, t, 6, 1), g => Assert.True(g >= 0 && float.IsFinite(g), $"read {g} at t = {t}"));
        }
    }

    [Fact]
    public void TargetsAndSizesAreValidated()
    {
        DeviceModel model = Create();
        var state = new DeviceState(3);
        float gMax = (float)model.GMaxMicroSiemens;
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Program([0, -0.1f, 1], state, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Program([0, gMax * 1.01f, 1], state, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Program([0, float.NaN, 1], state, 1));
        Assert.Throws<ArgumentException>(() => model.Program([0, 1], state, 1));
        Assert.Throws<ArgumentException>(() => model.Read(state, 1, 1, 0, new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Read(state, -1, 1, 0, new float[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Read(state, double.PositiveInfinity, 1, 0, new float[3]));
        Assert.Throws<ArgumentNullException>(() => model.Program([0, 1, 2], null!, 1));
    }

    internal static float[] Targets(int count, double gMax)
    {
        var targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            targets[i] = (float)(gMax * ((i * 0.6180339887) % 1.0));
        }

        return targets;
    }

    internal static DeviceState Programmed(DeviceModel model, float[] targets, ulong key)
    {
        var state = new DeviceState(targets.Length);
        model.Program(targets, state, key);
        return state;
    }

    internal static float[] Read(DeviceModel model, DeviceState state, double t, ulong key, ulong readIndex)
    {
        var read = new float[state.Count];
        model.Read(state, t, key, readIndex, read);
        return read;
    }

    private static void AssertSameState(DeviceState expected, DeviceState actual)
    {
        Assert.Equal(expected.Programmed(), actual.Programmed());
        Assert.Equal(expected.DriftExponents(), actual.DriftExponents());
        Assert.Equal(expected.Faults, actual.Faults);
    }
}
