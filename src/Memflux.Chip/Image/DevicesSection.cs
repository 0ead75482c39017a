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
                        writer.Write<DeviceFault>(tile.Devices[p].Faults);
                        writer.Write<byte>(tile.ProgramIterations[p]);
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
                }
            }
        }

        return reader.Remaining == 0 ? null : $"{reader.Remaining} bytes follow the last tile";
    }

    private static TileState ReadTile(SectionReader reader, int rows, int columns, int blocks)
    {
        float[] scales = new float[columns], gain = new float[columns], offset = new float[columns], reference = new float[columns];
        reader.Read<float>(scales);
        reader.Read<float>(gain);
        reader.Read<float>(offset);
        reader.Read<float>(reference);
        var devices = new DeviceState[blocks];
        var iterations = new byte[blocks][];
        for (int p = 0; p < blocks; p++)
        {
            devices[p] = new DeviceState(rows * columns);
            iterations[p] = new byte[rows * columns];
            reader.Read<float>(devices[p].Programmed);
            reader.Read<float>(devices[p].DriftExponent);
            reader.Read<DeviceFault>(devices[p].Faults);
            reader.Read<byte>(iterations[p]);
        }

        return new TileState(devices, iterations, scales, gain, offset, reference);
    }
}
