namespace Memflux.Devices;

/// <summary>
/// One value per device of a <see cref="DeviceState"/> (the programmed conductance, or the drift parameter): fp32, or
/// 16-bit codes on a <see cref="StateGrid"/> (two bytes a device). Programming rounds the state to its model's grid, so
/// a code holds the exact bits of its value. The last code, <see cref="Escape"/>, marks a device whose value lies off
/// the grid (outside its range, or a model that wrote an unrounded value); those values are kept in full in an
/// overflow array made on the first one, so nothing is ever rounded or clipped by the storage.
/// Writes to disjoint ranges may run in parallel.
/// </summary>
internal sealed class StateChannel
{
    /// <summary>The code that sends a device to the overflow array.</summary>
    public const ushort Escape = StateGrid.MaxCode;

    private readonly float[]? _full;
    private readonly ushort[]? _codes;
    private float[]? _overflow;

    public StateChannel(int count, StateGrid? grid)
    {
        Grid = grid;
        if (grid is null)
        {
            _full = new float[count];
            Numerics.PagePrefault.Populate(_full);
        }
        else
        {
            _codes = new ushort[count];
            Numerics.PagePrefault.Populate(_codes);
        }
    }

    /// <summary>The grid of the codes; null when the values are kept as fp32.</summary>
    public StateGrid? Grid { get; }

    /// <summary>The fp32 values, when kept so.</summary>
    public float[]? Full => _full;

    /// <summary>The codes, when every device is on the grid (no escape); null otherwise.</summary>
    public ushort[]? PlainCodes => _codes is not null && _overflow is null ? _codes : null;

    /// <summary>The value of device <paramref name="device"/>.</summary>
    public float this[int device] =>
        _full is not null ? _full[device] : _codes![device] == Escape ? _overflow![device] : Grid!.Value.Decode(_codes[device]);

    /// <summary>Writes the values of devices [start, start + destination.Length) into <paramref name="destination"/>.</summary>
    public void CopyTo(int start, Span<float> destination)
    {
        if (_full is not null)
        {
            _full.AsSpan(start, destination.Length).CopyTo(destination);
            return;
        }

        var codes = _codes.AsSpan(start, destination.Length);
        Grid!.Value.Decode(codes, destination);
        if (_overflow is { } overflow && codes.Contains(Escape))
        {
            for (int i = 0; i < codes.Length; i++)
            {
                if (codes[i] == Escape)
                {
                    destination[i] = overflow[start + i];
                }
            }
        }
    }

    /// <summary>Stores the values of devices [start, start + values.Length).</summary>
    public void Set(int start, ReadOnlySpan<float> values)
    {
        if (_full is not null)
        {
            values.CopyTo(_full.AsSpan(start, values.Length));
            return;
        }

        var codes = _codes.AsSpan(start, values.Length);
        if (Grid!.Value.TryEncode(values, codes) && !codes.Contains(Escape))
        {
            return;
        }

        // Some value is off the grid: code by code, the off-grid ones (and any that would take the escape code) in full.
        var grid = Grid.Value;
        for (int i = 0; i < values.Length; i++)
        {
            float code = MathF.Round((values[i] - grid.Offset) / grid.Step);
            if (code is >= 0 and < Escape && BitConverter.SingleToInt32Bits(grid.Decode((int)code)) == BitConverter.SingleToInt32Bits(values[i]))
            {
                codes[i] = (ushort)code;
            }
            else
            {
                codes[i] = Escape;
                float[] overflow = _overflow ?? Interlocked.CompareExchange(ref _overflow, new float[_codes!.Length], null) ?? _overflow!;
                overflow[start + i] = values[i];
            }
        }
    }
}
