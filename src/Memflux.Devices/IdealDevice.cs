namespace Memflux.Devices;

/// <summary>An ideal device: programs exactly, never drifts, reads without noise.</summary>
public sealed class IdealDevice : DeviceModel
{
    /// <summary>An ideal device with the given g_max (µS); 25 µS by default, the PCM model's scale.</summary>
    public IdealDevice(double gMaxMicroSiemens = 25.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gMaxMicroSiemens);
        GMaxMicroSiemens = gMaxMicroSiemens;
    }

    /// <inheritdoc/>
    public override string Name => "ideal";

    /// <inheritdoc/>
    public override double GMaxMicroSiemens { get; }

    /// <inheritdoc/>
    protected override void ProgramCore(ReadOnlySpan<float> targetMicroSiemens, DeviceState state, ulong key)
    {
        targetMicroSiemens.CopyTo(state.Programmed);
        state.DriftExponent.AsSpan().Clear();
        state.Faults.AsSpan().Clear();
    }

    /// <inheritdoc/>
    protected override void ReadCore(DeviceState state, double timeSeconds, ulong key, ulong readIndex, Span<float> destinationMicroSiemens)
        => state.Programmed.CopyTo(destinationMicroSiemens);
}
