namespace Memflux.Devices;

/// <summary>An ideal device: programs exactly, never drifts, reads without noise (non-idealities, if given, still apply).</summary>
public sealed class IdealDevice : DeviceModel
{
    /// <summary>An ideal device with the given g_max (µS); 25 µS by default, the PCM model's scale.</summary>
    public IdealDevice(double gMaxMicroSiemens = 25.0, DeviceNonIdealities? nonIdealities = null)
        : base(nonIdealities)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gMaxMicroSiemens);
        GMaxMicroSiemens = gMaxMicroSiemens;
    }

    /// <inheritdoc/>
    public override string Name => "ideal";

    /// <inheritdoc/>
    public override double GMaxMicroSiemens { get; }

    /// <inheritdoc/>
    protected override void ProgramDevices(ReadOnlySpan<float> targetMicroSiemens, Span<float> programmedMicroSiemens, Span<float> driftParameter, ulong key, int firstDevice)
    {
        targetMicroSiemens.CopyTo(programmedMicroSiemens);
        driftParameter.Clear();
    }

    /// <inheritdoc/>
    protected override void ReadDevices(
        ReadOnlySpan<float> programmedMicroSiemens, ReadOnlySpan<float> driftParameter, double timeSeconds, ulong readKey, int firstDevice, Span<float> destinationMicroSiemens)
        => programmedMicroSiemens.CopyTo(destinationMicroSiemens);
}
