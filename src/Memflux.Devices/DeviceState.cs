namespace Memflux.Devices;

/// <summary>
/// The persistent state of a block of physical devices, one entry per device (structure of arrays): what programming
/// left behind, kept until the device is programmed again. Time and reads never change it. Eight bytes per device (two
/// fp32 values); the fault array exists only in blocks with a faulty device.
/// </summary>
public sealed class DeviceState
{
    private DeviceFault[]? _faults;

    /// <summary>Creates state for <paramref name="count"/> unprogrammed devices.</summary>
    public DeviceState(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Programmed = new float[count];
        DriftExponent = new float[count];
        Numerics.PagePrefault.Populate(Programmed);
        Numerics.PagePrefault.Populate(DriftExponent);
    }

    /// <summary>Number of devices.</summary>
    public int Count => Programmed.Length;

    /// <summary>Conductance right after programming (µS), before any drift or read noise.</summary>
    public float[] Programmed { get; }

    /// <summary>Drift exponent ν of each device, drawn once at programming (0 for devices that do not drift).</summary>
    public float[] DriftExponent { get; }

    /// <summary>
    /// Fault of each device, drawn at programming; null while no device of the block is faulty (a model without faults
    /// keeps no array: a byte per device beside the eight of the two values).
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
