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
    public static string? Read(SectionReader reader, AnalogChipState state, TileConfig config)
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

                    if (ReadTile(reader, rows, columns, foundBlocks, out string? bad) is not { } tile)
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

    private static TileState? ReadTile(SectionReader reader, int rows, int columns, int blocks, out string? problem)
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
        for (int p = 0; p < blocks; p++)
        {
            reader.Read(flags);
            if ((flags[0] & ~KnownFlags) != 0)
            {
                problem = $"block {p}: flags 0x{flags[0]:X2}; expected a combination of 0x{KnownFlags:X2}";
                return null;
            }

            devices[p] = new DeviceState(n);
            problem = ReadValues(reader, devices[p].Programmed, (flags[0] & ConductanceCodes) != 0, "conductance")
                ?? ReadValues(reader, devices[p].DriftExponent, (flags[0] & DriftCodes) != 0, "drift");
            if (problem is not null)
            {
                problem = $"block {p}: {problem}";
                return null;
            }

            if ((flags[0] & FaultBytes) != 0)
            {
                ReadFaults(reader, devices[p]);
            }

            if ((flags[0] & IterationBytes) != 0)
            {
                iterations[p] = new byte[n];
                reader.Read<byte>(iterations[p]);
                if (!iterations[p].AsSpan().ContainsAnyExcept((byte)1))
                {
                    iterations[p] = null; // as programming keeps a block programmed once throughout
                }
            }
        }

        problem = null;
        return new TileState(devices, iterations, scales, gain, offset, reference);
    }

    /// <summary>Reads float32 values, or a grid and codes decoded on it; returns what is wrong with the grid, or null.</summary>
    private static string? ReadValues(SectionReader reader, float[] values, bool codes, string what)
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
    /// What is wrong with a tile's stored values, or null: every number finite, conductances within ±10⁶ µS and drift
    /// exponents within ±10 (the device CSV's sanity bounds), faults one of the known kinds. A section whose hash was
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
            float g = (float)CustomDeviceCsv.MaxConductanceUs, nu = (float)CustomDeviceCsv.MaxDriftExponent;
            if (d.Programmed.AsSpan().IndexOfAnyExceptInRange(-g, g) is var i and >= 0)
            {
                return $"block {p} device {i}: programmed conductance {d.Programmed[i]} µS; expected a finite value within ±{g}";
            }

            if (d.DriftExponent.AsSpan().IndexOfAnyExceptInRange(-nu, nu) is var j and >= 0)
            {
                return $"block {p} device {j}: drift exponent {d.DriftExponent[j]}; expected a finite value within ±{nu}";
            }

            if (d.Faults is { } faults && MemoryMarshal.Cast<DeviceFault, byte>(faults).IndexOfAnyExceptInRange((byte)DeviceFault.None, (byte)DeviceFault.StuckAtRandom) is var k and >= 0)
            {
                return $"block {p} device {k}: fault code {(byte)faults[k]}; expected 0 to {(byte)DeviceFault.StuckAtRandom}";
            }
        }

        return null;
    }
}
