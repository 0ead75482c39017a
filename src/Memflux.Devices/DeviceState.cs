namespace Memflux.Devices;

/// <summary>
/// The persistent state of a block of physical devices, one entry per device (structure of arrays): what programming
/// left behind, kept until the device is programmed again. Time and reads never change it.
/// </summary>
public sealed class DeviceState
{
    /// <summary>Creates state for <paramref name="count"/> unprogrammed devices.</summary>
    public DeviceState(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Programmed = new float[count];
        DriftExponent = new float[count];
        Faults = new DeviceFault[count];
    }

    /// <summary>Number of devices.</summary>
    public int Count => Programmed.Length;

    /// <summary>Conductance right after programming (µS), before any drift or read noise.</summary>
    public float[] Programmed { get; }

    /// <summary>Drift exponent ν of each device, drawn once at programming (0 for devices that do not drift).</summary>
    public float[] DriftExponent { get; }

    /// <summary>Fault of each device, drawn at programming.</summary>
    public DeviceFault[] Faults { get; }
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
