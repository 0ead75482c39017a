using Memflux.Devices;

namespace Memflux.Tiles;

/// <summary>
/// Program-and-verify: after programming, every device whose programmed conductance misses its target by more than
/// <see cref="ToleranceFraction"/>·g_max is programmed again (with a fresh key per iteration), up to
/// <see cref="MaxIterations"/> more times. Iteration 0 is the plain programming; devices stuck by a fault are not
/// retried (verify cannot fix them) but are charged every iteration. The count per device is kept for the cost model.
/// </summary>
/// <param name="ToleranceFraction">Accepted |g_prog − g_target| as a fraction of g_max.</param>
/// <param name="MaxIterations">Re-programming rounds after the first; 0 = program once, no verify.</param>
public sealed record ProgramVerify(double ToleranceFraction = 0, int MaxIterations = 0)
{
    internal void Validate()
    {
        TileConfig.Check(double.IsFinite(ToleranceFraction) && ToleranceFraction >= 0, "ProgramVerify.ToleranceFraction", "a finite value ≥ 0", ToleranceFraction);
        TileConfig.Check(MaxIterations is >= 0 and <= 254, "ProgramVerify.MaxIterations", "0..254", MaxIterations);
    }

    /// <summary>
    /// Programs <paramref name="state"/> to <paramref name="targets"/> with verify; <paramref name="keyForIteration"/>
    /// gives the device key of each iteration. Writes the number of program operations of each device (≥ 1) to
    /// <paramref name="iterations"/>.
    /// </summary>
    public void Run(DeviceModel device, ReadOnlySpan<float> targets, DeviceState state, Func<int, ulong> keyForIteration, Span<byte> iterations)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(keyForIteration);
        if (targets.Length != state.Count || iterations.Length != state.Count)
        {
            throw new ArgumentException($"expected {state.Count} targets and iteration counts, found {targets.Length} and {iterations.Length}");
        }

        device.Program(targets, state, keyForIteration(0));
        iterations.Fill(1);
        float tolerance = (float)(ToleranceFraction * device.GMaxMicroSiemens);
        var outside = new List<int>();
        var retried = new List<int>();
        float[] programmed = MaxIterations > 0 ? new float[state.Count] : [];
        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            outside.Clear();
            retried.Clear();
            state.CopyProgrammed(0, programmed);
            for (int i = 0; i < state.Count; i++)
            {
                if (!(Math.Abs(programmed[i] - targets[i]) <= tolerance))
                {
                    outside.Add(i);
                }
            }

            if (outside.Count == 0)
            {
                break;
            }

            foreach (int i in outside)
            {
                iterations[i]++;
                if (state.FaultOf(i) == DeviceFault.None)
                {
                    retried.Add(i);
                }
            }

            if (retried.Count > 0)
            {
                Retry(device, targets, state, retried, keyForIteration(iteration));
            }
        }
    }

    private static void Retry(DeviceModel device, ReadOnlySpan<float> targets, DeviceState state, List<int> indices, ulong key)
    {
        var retry = new DeviceState(indices.Count);
        var retryTargets = new float[indices.Count];
        for (int f = 0; f < indices.Count; f++)
        {
            retryTargets[f] = targets[indices[f]];
        }

        device.Program(retryTargets, retry, key);
        for (int f = 0; f < indices.Count; f++)
        {
            int i = indices[f];
            state.Set(i, retry.ProgrammedAt(f), retry.DriftAt(f));
            state.SetFault(i, retry.FaultOf(f));
        }
    }
}
