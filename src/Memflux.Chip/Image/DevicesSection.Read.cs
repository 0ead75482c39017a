using System.Buffers;
using System.Runtime.InteropServices;
using Memflux.Chip.Analog;
using Memflux.Devices;
using Memflux.Tiles;

namespace Memflux.Chip.Image;

/// <summary>Reading the devices section.</summary>
internal static partial class DevicesSection
{
    /// <summary>
    /// Fills the tile arrays of <paramref name="state"/> (sized by the manifest) from the section. Each tile's stored shape
    /// must be the one its matrix geometry implies; returns a description of the first mismatch, or null.
    /// </summary>
    public static string? Read(SectionReader reader, AnalogChipState state, TileConfig config, DeviceStateResolution? resolution)
    {
        foreach (var layer in state.Layers)
        {
            for (int g = 0; g < layer.Matrices.Count; g++)
            {
                var matrix = layer.Matrices[g];
                int rowBlocks = (matrix.Inputs + config.Rows - 1) / config.Rows, columnBlocks = (matrix.Outputs + config.Columns - 1) / config.Columns;
                var tiles = (TileState[])matrix.Tiles;
                if (tiles.Length != rowBlocks * columnBlocks)
                {
                    return $"layer '{layer.Key}' matrix {g}: expected {rowBlocks * columnBlocks} tiles for {matrix.Inputs}×{matrix.Outputs} on {config.Rows}×{config.Columns} tiles, the manifest lists {tiles.Length}";
                }

                for (int t = 0; t < tiles.Length; t++)
                {
                    int rows = Math.Min(config.Rows, matrix.Inputs - (t / columnBlocks * config.Rows));
                    int columns = Math.Min(config.Columns, matrix.Outputs - (t % columnBlocks * config.Columns));
                    int foundRows = reader.ReadInt32(), foundColumns = reader.ReadInt32(), foundBlocks = reader.ReadInt32();
                    if (foundRows != rows || foundColumns != columns || foundBlocks != config.DevicesPerWeight)
                    {
                        return $"layer '{layer.Key}' matrix {g} tile {t}: expected {rows}×{columns} devices in {config.DevicesPerWeight} blocks, found {foundRows}×{foundColumns} in {foundBlocks}";
                    }

                    if (ReadTile(reader, rows, columns, foundBlocks, resolution, out string? bad) is not { } tile)
                    {
                        return $"layer '{layer.Key}' matrix {g} tile {t}: {bad}";
                    }

                    tiles[t] = tile;
                    if (Implausible(tiles[t]) is { } problem)
                    {
                        return $"layer '{layer.Key}' matrix {g} tile {t}: {problem}";
                    }
                }
            }
        }

        return reader.Remaining == 0 ? null : $"{reader.Remaining} bytes follow the last tile";
    }

    private static TileState? ReadTile(SectionReader reader, int rows, int columns, int blocks, DeviceStateResolution? resolution, out string? problem)
    {
        float[] scales = new float[columns], gain = new float[columns], offset = new float[columns], reference = new float[columns];
        reader.Read<float>(scales);
        reader.Read<float>(gain);
        reader.Read<float>(offset);
        reader.Read<float>(reference);
        var devices = new DeviceState[blocks];
        var iterations = new byte[]?[blocks];
        int n = rows * columns;
        Span<byte> flags = stackalloc byte[1];
        float[] pooled = ArrayPool<float>.Shared.Rent(2 * n);
        try
        {
            for (int p = 0; p < blocks; p++)
            {
                if (ReadBlock(reader, n, flags, resolution, pooled.AsSpan(0, n), pooled.AsSpan(n, n), out devices[p], out iterations[p]) is { } bad)
                {
                    problem = $"block {p}{bad}";
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pooled);
        }

        problem = null;
        return new TileState(devices, iterations, scales, gain, offset, reference);
    }

    /// <summary>Reads one block's devices; returns what is wrong (to follow "block p"), or null.</summary>
    private static string? ReadBlock(SectionReader reader, int n, Span<byte> flags, DeviceStateResolution? resolution, Span<float> g, Span<float> nu, out DeviceState devices, out byte[]? iterations)
    {
        devices = new DeviceState(n, resolution);
        iterations = null;
        reader.Read(flags);
        if ((flags[0] & ~KnownFlags) != 0)
        {
            return $": flags 0x{flags[0]:X2}; expected a combination of 0x{KnownFlags:X2}";
        }

        if ((ReadValues(reader, g, (flags[0] & ConductanceCodes) != 0, "conductance") ?? ReadValues(reader, nu, (flags[0] & DriftCodes) != 0, "drift")) is { } problem)
        {
            return $": {problem}";
        }

        // Checked before they are stored: a section whose hash was recomputed after an edit would otherwise load and
        // give nonsense (issue 18 §4); the bounds are the device CSV's.
        float gLimit = (float)CustomDeviceCsv.MaxConductanceUs, nuLimit = (float)CustomDeviceCsv.MaxDriftExponent;
        if (g.IndexOfAnyExceptInRange(-gLimit, gLimit) is var i and >= 0)
        {
            return $" device {i}: programmed conductance {g[i]} µS; expected a finite value within ±{gLimit}";
        }

        if (nu.IndexOfAnyExceptInRange(-nuLimit, nuLimit) is var j and >= 0)
        {
            return $" device {j}: drift exponent {nu[j]}; expected a finite value within ±{nuLimit}";
        }

        devices.Set(0, g, nu);
        if ((flags[0] & FaultBytes) != 0)
        {
            ReadFaults(reader, devices);
        }

        if ((flags[0] & IterationBytes) != 0)
        {
            iterations = new byte[n];
            reader.Read<byte>(iterations);
            if (!iterations.AsSpan().ContainsAnyExcept((byte)1))
            {
                iterations = null; // as programming keeps a block programmed once throughout
            }
        }

        return null;
    }

    /// <summary>Reads float32 values, or a grid and codes decoded on it; returns what is wrong with the grid, or null.</summary>
    private static string? ReadValues(SectionReader reader, Span<float> values, bool codes, string what)
    {
        if (!codes)
        {
            reader.Read<float>(values);
            return null;
        }

        Span<float> grid = stackalloc float[2];
        reader.Read(grid);
        if (!(float.IsFinite(grid[0]) && grid[0] > 0 && float.IsFinite(grid[1])))
        {
            return $"{what} grid step {grid[0]}, offset {grid[1]}; expected a finite step > 0 and a finite offset";
        }

        ushort[] pooled = ArrayPool<ushort>.Shared.Rent(values.Length);
        try
        {
            var stored = pooled.AsSpan(0, values.Length);
            reader.Read(stored);
            new StateGrid(grid[0], grid[1]).Decode(stored, values);
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(pooled);
        }

        return null;
    }

    private static void ReadFaults(SectionReader reader, DeviceState state)
    {
        var faults = ArrayPool<DeviceFault>.Shared.Rent(state.Count);
        try
        {
            reader.Read<DeviceFault>(faults.AsSpan(0, state.Count));
            state.SetFaults(faults.AsSpan(0, state.Count));
        }
        finally
        {
            ArrayPool<DeviceFault>.Shared.Return(faults);
        }
    }

    /// <summary>
    /// What is wrong with a tile's stored values, or null: every number finite, faults one of the known kinds (the
    /// devices' conductances and drift exponents are checked as each block is read). A section whose hash was
    /// recomputed after an edit would otherwise load and give nonsense (issue 18 §4).
    /// </summary>
    private static string? Implausible(TileState tile)
    {
        foreach (var (name, values) in new[] { ("column scales", tile.ColumnScales), ("affine gains", tile.AffineGain), ("affine offsets", tile.AffineOffset), ("drift references", tile.DriftReference) })
        {
            if (values.AsSpan().IndexOfAnyExceptInRange(float.MinValue, float.MaxValue) is var i and >= 0)
            {
                return $"{name}[{i}] is {values[i]}; expected a finite number";
            }
        }

        for (int p = 0; p < tile.Devices.Count; p++)
        {
            var d = tile.Devices[p];
            if (d.Faults is { } faults && MemoryMarshal.Cast<DeviceFault, byte>(faults).IndexOfAnyExceptInRange((byte)DeviceFault.None, (byte)DeviceFault.StuckAtRandom) is var k and >= 0)
            {
                return $"block {p} device {k}: fault code {(byte)faults[k]}; expected 0 to {(byte)DeviceFault.StuckAtRandom}";
            }
        }

        return null;
    }
}
