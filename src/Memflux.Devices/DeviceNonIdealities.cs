namespace Memflux.Devices;

/// <summary>
/// Non-idealities that every <see cref="DeviceModel"/> applies in its template, whatever the device physics: stuck
/// devices, a finite number of programmable levels and device-to-device spread of g_max. All are drawn at programming,
/// keyed per device, and kept in <see cref="DeviceState"/> (a stuck device's conductance is its programmed value).
/// No defaults are claimed as measured: the fractions are scenario knobs (fault rates of a few 0.1 % to a few % are
/// typical of reported RRAM/PCM arrays, e.g. stuck-at faults in 1T1R RRAM arrays; choose them per study).
/// </summary>
/// <param name="StuckAtMinFraction">Fraction of devices stuck at g_min = 0 µS (e.g. an open or fully reset cell).</param>
/// <param name="StuckAtMaxFraction">Fraction of devices stuck at their g_max (e.g. a shorted or fully set cell).</param>
/// <param name="StuckAtRandomFraction">Fraction of devices stuck at a conductance drawn uniformly in [0, g_max] at programming.</param>
/// <param name="ProgrammableLevels">
/// Number of evenly spaced programmable conductance levels over [0, g_max] (≥ 2), or null for a continuum. Targets
/// are rounded (half to even) to the nearest level before programming noise.
/// </param>
/// <param name="GMaxDeviceSpreadRelative">
/// Relative standard deviation of each device's own g_max (device-to-device spread): g_max,i = g_max·max(1 + s·ξ, 0),
/// and a device programmed to ĝ·g_max is programmed to ĝ·g_max,i. 0 for none; must be below 0.5.
/// </param>
public sealed record DeviceNonIdealities(
    double StuckAtMinFraction = 0,
    double StuckAtMaxFraction = 0,
    double StuckAtRandomFraction = 0,
    int? ProgrammableLevels = null,
    double GMaxDeviceSpreadRelative = 0)
{
    /// <summary>No non-idealities: every device works, targets are continuous, all devices share g_max.</summary>
    public static DeviceNonIdealities None { get; } = new();

    /// <summary>Fraction of devices with any stuck fault.</summary>
    public double FaultFraction => StuckAtMinFraction + StuckAtMaxFraction + StuckAtRandomFraction;

    /// <summary>True if programming must draw faults.</summary>
    public bool HasFaults => FaultFraction > 0;

    /// <summary>
    /// Throws a <see cref="Numerics.MemfluxException"/> naming the field, expected range and found value if a
    /// fraction is outside [0, 1], the fractions sum above 1, the level count is below 2 or the spread outside [0, 0.5).
    /// </summary>
    public void Validate()
    {
        CheckFraction(StuckAtMinFraction, nameof(StuckAtMinFraction));
        CheckFraction(StuckAtMaxFraction, nameof(StuckAtMaxFraction));
        CheckFraction(StuckAtRandomFraction, nameof(StuckAtRandomFraction));
        if (FaultFraction > 1)
        {
            throw new Numerics.MemfluxException(
                $"device non-idealities: stuck-at fractions must sum to at most 1, found {StuckAtMinFraction} + {StuckAtMaxFraction} + {StuckAtRandomFraction} = {FaultFraction}");
        }

        if (ProgrammableLevels is { } levels && levels < 2)
        {
            throw new Numerics.MemfluxException($"device non-idealities: {nameof(ProgrammableLevels)} must be at least 2 (or unset for a continuum), found {levels}");
        }

        if (!(GMaxDeviceSpreadRelative >= 0 && GMaxDeviceSpreadRelative < 0.5))
        {
            throw new Numerics.MemfluxException($"device non-idealities: {nameof(GMaxDeviceSpreadRelative)} must lie in [0, 0.5), found {GMaxDeviceSpreadRelative}");
        }
    }

    private static void CheckFraction(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new Numerics.MemfluxException($"device non-idealities: {name} must lie in [0, 1], found {value}");
        }
    }
}
