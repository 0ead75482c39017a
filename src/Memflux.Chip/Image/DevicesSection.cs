using Memflux.Chip.Analog;
using Memflux.Devices;
using Memflux.Tiles;

namespace Memflux.Chip.Image;

/// <summary>Writes and reads the devices section: every tile's <see cref="TileState"/>, one array at a time.</summary>
internal static class DevicesSection
{
    public static void Write(SectionWriter writer, AnalogChipState state)
    {
        foreach (var layer in state.Layers)
        {
            foreach (var matrix in layer.Matrices)
            {
                foreach (var tile in matrix.Tiles)
                {
                    int columns = tile.ColumnScales.Length, blocks = tile.Devices.Count;
                    int rows = blocks == 0 || columns == 0 ? 0 : tile.Devices[0].Count / columns;
                    writer.WriteInt32(rows);
                    writer.WriteInt32(columns);
                    writer.WriteInt32(blocks);
                    writer.Write<float>(tile.ColumnScales);
                    writer.Write<float>(tile.AffineGain);
                    writer.Write<float>(tile.AffineOffset);
                    writer.Write<float>(tile.DriftReference);
                    for (int p = 0; p < blocks; p++)
                    {
                        writer.Write<float>(tile.Devices[p].Programmed);
                        writer.Write<float>(tile.Devices[p].DriftExponent);
                        WriteFaults(writer, tile.Devices[p]);
                        WriteIterations(writer, tile, p);
                    }
                }
            }
        }
    }

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

                    tiles[t] = ReadTile(reader, rows, columns, foundBlocks);
                    if (Implausible(tiles[t]) is { } problem)
                    {
                        return $"layer '{layer.Key}' matrix {g} tile {t}: {problem}";
                    }
                }
            }
        }

        return reader.Remaining == 0 ? null : $"{reader.Remaining} bytes follow the last tile";
    }

    /// <summary>The faults as one byte per device; a block without an array (no faulty device) writes zeros.</summary>
    private static void WriteFaults(SectionWriter writer, DeviceState state)
    {
        if (state.Faults is { } faults)
        {
            writer.Write<DeviceFault>(faults);
            return;
        }

        Span<DeviceFault> zeros = stackalloc DeviceFault[4096];
        zeros.Clear();
        for (int done = 0; done < state.Count; done += zeros.Length)
        {
            writer.Write<DeviceFault>(zeros[..Math.Min(zeros.Length, state.Count - done)]);
        }
    }

    /// <summary>One byte per device; a block programmed once throughout (no array kept) writes ones.</summary>
    private static void WriteIterations(SectionWriter writer, TileState tile, int block)
    {
        if (!tile.IsProgrammedOnce(block))
        {
            writer.Write<byte>(tile.ProgramIterations[block]);
            return;
        }

        Span<byte> ones = stackalloc byte[4096];
        ones.Fill(1);
        int count = tile.Devices[block].Count;
        for (int done = 0; done < count; done += ones.Length)
        {
            writer.Write<byte>(ones[..Math.Min(ones.Length, count - done)]);
        }
    }

    /// <summary>The block's counts, or null when every device was programmed once (as programming keeps them).</summary>
    private static byte[]? ReadIterations(SectionReader reader, int count)
    {
        var counts = new byte[count];
        reader.Read<byte>(counts);
        return counts.AsSpan().ContainsAnyExcept((byte)1) ? counts : null;
    }

    private static void ReadFaults(SectionReader reader, DeviceState state)
    {
        var faults = System.Buffers.ArrayPool<DeviceFault>.Shared.Rent(state.Count);
        try
        {
            reader.Read<DeviceFault>(faults.AsSpan(0, state.Count));
            state.SetFaults(faults.AsSpan(0, state.Count));
        }
        finally
        {
            System.Buffers.ArrayPool<DeviceFault>.Shared.Return(faults);
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

            if (d.Faults is { } faults && System.Runtime.InteropServices.MemoryMarshal.Cast<DeviceFault, byte>(faults).IndexOfAnyExceptInRange((byte)DeviceFault.None, (byte)DeviceFault.StuckAtRandom) is var k and >= 0)
            {
                return $"block {p} device {k}: fault code {(byte)faults[k]}; expected 0 to {(byte)DeviceFault.StuckAtRandom}";
            }
        }

        return null;
    }

    private static TileState ReadTile(SectionReader reader, int rows, int columns, int blocks)
    {
        float[] scales = new float[columns], gain = new float[columns], offset = new float[columns], reference = new float[columns];
        reader.Read<float>(scales);
        reader.Read<float>(gain);
        reader.Read<float>(offset);
        reader.Read<float>(reference);
        var devices = new DeviceState[blocks];
        var iterations = new byte[]?[blocks];
        for (int p = 0; p < blocks; p++)
        {
            devices[p] = new DeviceState(rows * columns);

            reader.Read<float>(devices[p].Programmed);
            reader.Read<float>(devices[p].DriftExponent);
            ReadFaults(reader, devices[p]);
            iterations[p] = ReadIterations(reader, rows * columns);
        }

        return new TileState(devices, iterations, scales, gain, offset, reference);
    }
}
