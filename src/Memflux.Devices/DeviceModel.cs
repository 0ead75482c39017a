namespace Memflux.Devices;

/// <summary>
/// A memristive device model as a template with hooks: <see cref="Program"/> turns target conductances into programmed
/// device state (programming noise, drift parameter, faults); <see cref="Read"/> gives the conductance at a time after
/// programming (drift, then fresh read noise keyed by the read). Randomness is counter-based: device i of a block keyed
/// by <c>key</c> always draws the same numbers, whatever the thread count. The template applies the
/// <see cref="DeviceNonIdealities"/> (levels, g_max spread, stuck devices) around the model's hooks
/// <see cref="ProgramDevices"/> and <see cref="ReadDevices"/>, and runs them over fixed chunks of
/// <see cref="ChunkSize"/> devices in parallel.
/// </summary>
public abstract partial class DeviceModel
{
    /// <summary>Devices per parallel work item; fixed so that the work split never depends on the machine.</summary>
    public const int ChunkSize = 16384;

    /// <summary>A model without non-idealities.</summary>
    protected DeviceModel()
        : this(null)
    {
    }

    /// <summary>A model applying <paramref name="nonIdealities"/> (none if null); throws <see cref="Numerics.MemfluxException"/> if they are invalid.</summary>
    protected DeviceModel(DeviceNonIdealities? nonIdealities)
    {
        NonIdealities = nonIdealities ?? DeviceNonIdealities.None;
        NonIdealities.Validate();
    }

    /// <summary>The model's name as presets and reports show it.</summary>
    public abstract string Name { get; }

    /// <summary>Maximum programmable conductance g_max (µS); targets lie in [0, g_max].</summary>
    public abstract double GMaxMicroSiemens { get; }

    /// <summary>The non-idealities the template applies to every device.</summary>
    public DeviceNonIdealities NonIdealities { get; }

    /// <summary>
    /// The grids programming rounds every device's state to (after the model's hook and the faults), or null to keep it
    /// in full single precision. A model sets them far below its own device-to-device spread (see its override), so the
    /// rounding changes no statistic; the chip image stores the state as 16-bit codes on these grids.
    /// </summary>
    public virtual DeviceStateResolution? StateResolution => null;

    /// <summary>Most threads one call may use (−1: as many as the thread pool gives). Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Programs <paramref name="state"/> (all of it) to <paramref name="targetMicroSiemens"/>; each target must lie in
    /// [0, g_max]. <paramref name="key"/> identifies the block (e.g. <c>CounterRandom.Key(seed, tile)</c>).
    /// Programming the same targets with the same key gives the same state.
    /// </summary>
    public void Program(ReadOnlySpan<float> targetMicroSiemens, DeviceState state, ulong key)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (targetMicroSiemens.Length != state.Count)
        {
            throw new ArgumentException($"expected {state.Count} targets, found {targetMicroSiemens.Length}", nameof(targetMicroSiemens));
        }

        float gMax = (float)GMaxMicroSiemens;
        for (int i = 0; i < targetMicroSiemens.Length; i++)
        {
            float g = targetMicroSiemens[i];
            if (!(g >= 0 && g <= gMax))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(targetMicroSiemens), g, $"{Name}: target {i} must lie in [0, {gMax}] µS, found {g}");
            }
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
        if (!double.IsFinite(timeSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(timeSeconds), timeSeconds, "time must be finite");
        }

        if (destinationMicroSiemens.Length != state.Count)
        {
            throw new ArgumentException($"expected {state.Count} destinations, found {destinationMicroSiemens.Length}", nameof(destinationMicroSiemens));
        }

        ReadCore(state, timeSeconds, key, readIndex, destinationMicroSiemens);
    }

    /// <summary>
    /// Hook: programs one chunk of devices. <paramref name="targetMicroSiemens"/> already carries the levels and the
    /// device's own g_max; write the programmed conductance and the drift parameter (ν for power-law drift, 0 if none).
    /// Device j of the chunk is device <paramref name="firstDevice"/> + j of the block: draw its numbers from
    /// <c>CounterRandom</c> with <paramref name="key"/> and that index only.
    /// </summary>
    protected abstract void ProgramDevices(ReadOnlySpan<float> targetMicroSiemens, Span<float> programmedMicroSiemens, Span<float> driftParameter, ulong key, int firstDevice);

    /// <summary>
    /// Hook: reads one chunk of working devices at <paramref name="timeSeconds"/> after programming. <paramref name="readKey"/>
    /// is already specific to this read; device j of the chunk is device <paramref name="firstDevice"/> + j of the block.
    /// </summary>
    protected abstract void ReadDevices(
        ReadOnlySpan<float> programmedMicroSiemens, ReadOnlySpan<float> driftParameter, double timeSeconds, ulong readKey, int firstDevice, Span<float> destinationMicroSiemens);
}
