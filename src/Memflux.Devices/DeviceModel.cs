namespace Memflux.Devices;

/// <summary>
/// A memristive device model as a template with hooks: <see cref="Program"/> turns target conductances into programmed
/// device state (programming noise, drift exponent, faults); <see cref="Read"/> gives the conductance at a time after
/// programming (drift, then fresh read noise keyed by the read). Randomness is counter-based: device i of a block keyed
/// by <c>key</c> always draws the same numbers, whatever the thread count.
/// </summary>
public abstract class DeviceModel
{
    /// <summary>The model's name as presets and reports show it.</summary>
    public abstract string Name { get; }

    /// <summary>Maximum programmable conductance g_max (µS); targets lie in [0, g_max].</summary>
    public abstract double GMaxMicroSiemens { get; }

    /// <summary>
    /// Programs <paramref name="state"/> (all of it) to <paramref name="targetMicroSiemens"/>; each target must lie in
    /// [0, g_max]. <paramref name="key"/> identifies the block (e.g. <c>CounterRandom.Key(seed, tile)</c>).
    /// </summary>
    public void Program(ReadOnlySpan<float> targetMicroSiemens, DeviceState state, ulong key)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (targetMicroSiemens.Length != state.Count)
        {
            throw new ArgumentException($"expected {state.Count} targets, found {targetMicroSiemens.Length}", nameof(targetMicroSiemens));
        }

        ProgramCore(targetMicroSiemens, state, key);
    }

    /// <summary>
    /// Writes the conductance of every device at <paramref name="timeSeconds"/> after programming into
    /// <paramref name="destinationMicroSiemens"/>, with read noise keyed by (<paramref name="key"/>, <paramref name="readIndex"/>):
    /// reading again with another index gives fresh noise; the state does not change.
    /// </summary>
    public void Read(DeviceState state, double timeSeconds, ulong key, ulong readIndex, Span<float> destinationMicroSiemens)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(timeSeconds);
        if (destinationMicroSiemens.Length != state.Count)
        {
            throw new ArgumentException($"expected {state.Count} destinations, found {destinationMicroSiemens.Length}", nameof(destinationMicroSiemens));
        }

        ReadCore(state, timeSeconds, key, readIndex, destinationMicroSiemens);
    }

    /// <summary>Hook: programs every device of <paramref name="state"/>; arguments are validated.</summary>
    protected abstract void ProgramCore(ReadOnlySpan<float> targetMicroSiemens, DeviceState state, ulong key);

    /// <summary>Hook: reads every device of <paramref name="state"/>; arguments are validated.</summary>
    protected abstract void ReadCore(DeviceState state, double timeSeconds, ulong key, ulong readIndex, Span<float> destinationMicroSiemens);
}
