namespace Memflux.Devices;

/// <summary>
/// The persistent state of a block of physical devices, one entry per device (structure of arrays): what programming
/// left behind, kept until the device is programmed again. Time and reads never change it. A model with state grids
/// (<see cref="DeviceModel.StateResolution"/>, to which programming rounds) keeps two 16-bit codes a device, exact
/// (<see cref="StateChannel"/>; a value off the grid is kept in full); otherwise two fp32 values. A BERT-base chip
/// holds 217 M devices: 0.87 GB of state instead of 1.73 GB, which on the 2-core virtual machine of issue 14 is also
/// a second of first-touch page faults less per compile. The fault array exists only in blocks with a faulty device.
/// </summary>
public sealed class DeviceState
{
    private readonly StateChannel _programmed, _drift;
    private DeviceFault[]? _faults;

    /// <summary>Creates fp32 state for <paramref name="count"/> unprogrammed devices.</summary>
    public DeviceState(int count)
        : this(count, null)
    {
    }

    /// <summary>Creates state for <paramref name="count"/> unprogrammed devices, as codes on <paramref name="resolution"/>'s grids when given.</summary>
    public DeviceState(int count, DeviceStateResolution? resolution)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        Resolution = resolution;
        _programmed = new StateChannel(count, resolution?.Conductance);
        _drift = new StateChannel(count, resolution?.Drift);
    }

    /// <summary>Number of devices.</summary>
    public int Count { get; }

    /// <summary>The grids the state is kept on as codes; null when it is kept as fp32.</summary>
    public DeviceStateResolution? Resolution { get; }

    /// <summary>Conductance right after programming (µS) of device <paramref name="device"/>, before any drift or read noise.</summary>
    public float ProgrammedAt(int device) => _programmed[device];

    /// <summary>Drift exponent ν of device <paramref name="device"/>, drawn once at programming (0 for devices that do not drift).</summary>
    public float DriftAt(int device) => _drift[device];

    /// <summary>A copy of every device's programmed conductance (µS).</summary>
    public float[] Programmed() => Copy(_programmed);

    /// <summary>A copy of every device's drift parameter.</summary>
    public float[] DriftExponents() => Copy(_drift);

    /// <summary>The programmed conductances of devices [start, start + destination.Length).</summary>
    public void CopyProgrammed(int start, Span<float> destination) => _programmed.CopyTo(start, destination);

    /// <summary>The drift parameters of devices [start, start + destination.Length).</summary>
    public void CopyDrift(int start, Span<float> destination) => _drift.CopyTo(start, destination);

    /// <summary>
    /// Stores the programmed conductances and drift parameters of devices [start, start + programmed.Length); writes to
    /// disjoint ranges may run in parallel.
    /// </summary>
    public void Set(int start, ReadOnlySpan<float> programmed, ReadOnlySpan<float> drift)
    {
        if (programmed.Length != drift.Length)
        {
            throw new ArgumentException($"expected {programmed.Length} drift parameters, found {drift.Length}", nameof(drift));
        }

        _programmed.Set(start, programmed);
        _drift.Set(start, drift);
    }

    /// <summary>Stores device <paramref name="device"/>'s programmed conductance and drift parameter.</summary>
    public void Set(int device, float programmed, float drift) => Set(device, [programmed], [drift]);

    /// <summary>The fp32 arrays when the state is kept so (no copy), else null.</summary>
    internal (float[] Programmed, float[] Drift)? FullArrays => _programmed.Full is { } g && _drift.Full is { } nu ? (g, nu) : null;

    /// <summary>
    /// The codes on <see cref="Resolution"/>'s grids when the state is kept so with every device on them (no copy, not
    /// to be written), else null: what a chip image stores.
    /// </summary>
    public (ushort[] Programmed, ushort[] Drift)? PlainCodes => _programmed.PlainCodes is { } g && _drift.PlainCodes is { } nu ? (g, nu) : null;

    private float[] Copy(StateChannel channel)
    {
        var values = new float[Count];
        channel.CopyTo(0, values);
        return values;
    }

    /// <summary>
    /// Fault of each device, drawn at programming; null while no device of the block is faulty (a model without faults
    /// keeps no array: a byte per device beside the two values).
    /// </summary>
    public DeviceFault[]? Faults => _faults;

    /// <summary>The fault of device <paramref name="device"/> (<see cref="DeviceFault.None"/> when <see cref="Faults"/> is null).</summary>
    public DeviceFault FaultOf(int device) => Faults is { } faults ? faults[device] : DeviceFault.None;

    /// <summary>Sets every device's fault; keeps no array when all are <see cref="DeviceFault.None"/>.</summary>
    public void SetFaults(ReadOnlySpan<DeviceFault> faults)
    {
        if (faults.Length != Count)
        {
            throw new ArgumentException($"expected {Count} faults, found {faults.Length}", nameof(faults));
        }

        if (faults.ContainsAnyExcept(DeviceFault.None))
        {
            _faults = faults.ToArray();
        }
        else
        {
            _faults = null;
        }
    }

    /// <summary>Sets the fault of device <paramref name="device"/>, creating the array on the first fault.</summary>
    public void SetFault(int device, DeviceFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(device);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(device, Count);
        if (fault != DeviceFault.None || _faults is not null)
        {
            (_faults ??= new DeviceFault[Count])[device] = fault;
        }
    }

    /// <summary>After programming: no array when no device drew a fault, so equal states hold equal arrays (or none).</summary>
    internal void DropFaultsIfNone()
    {
        if (_faults is { } faults && !faults.AsSpan().ContainsAnyExcept(DeviceFault.None))
        {
            _faults = null;
        }
    }

    /// <summary>The fault array for a programming pass over [first, first + length): created when missing.</summary>
    internal Span<DeviceFault> FaultsToWrite(int first, int length)
    {
        // Programming chunks run in parallel: the first to need the array creates it.
        DeviceFault[] faults = _faults ?? Interlocked.CompareExchange(ref _faults, new DeviceFault[Count], null) ?? _faults!;
        return faults.AsSpan(first, length);
    }
}

/// <summary>A device's fault: a stuck device ignores programming and reads its stuck conductance.</summary>
public enum DeviceFault : byte
{
    /// <summary>Works.</summary>
    None = 0,

    /// <summary>Stuck at the minimum conductance.</summary>
    StuckAtMin = 1,

    /// <summary>Stuck at the maximum conductance.</summary>
    StuckAtMax = 2,

    /// <summary>Stuck at a random conductance drawn at programming.</summary>
    StuckAtRandom = 3,
}
