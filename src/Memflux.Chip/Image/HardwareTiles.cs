using Memflux.Chip.Analog;
using Memflux.Chip.Hardware;
using Memflux.Numerics;

namespace Memflux.Chip.Image;

/// <summary>How <c>memflux compile</c> sizes the analog preset's tiles from the hardware description.</summary>
public static class HardwareTiles
{
    /// <summary>
    /// <paramref name="preset"/> with tiles of the weights one tile of <paramref name="hardware"/> holds:
    /// (rows / rows_per_weight) inputs × (cols / cols_per_weight) outputs. <see cref="Tiles.TileConfig.Rows"/> and
    /// <see cref="Tiles.TileConfig.Columns"/> count weights, not physical lines, so a spec that puts G⁺ and G⁻ on adjacent
    /// rows (generic-rram) or spreads a weight over several columns (ISAAC's 8 two-bit slices) holds fewer weights than
    /// its rows × cols; for HERMES (one unit cell per weight) it is exactly rows × cols. Everything else (device,
    /// periphery, devices per weight) stays the preset's.
    /// </summary>
    public static AnalogPreset Fit(AnalogPreset preset, ChipSpec hardware)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(hardware);
        var t = hardware.Core.Tiles;
        if (t.Rows % t.RowsPerWeight != 0 || t.Cols % t.ColsPerWeight != 0)
        {
            throw new MemfluxException($"hardware '{hardware.Name}': tile of {t.Rows}×{t.Cols} lines does not divide into weights of {t.RowsPerWeight}×{t.ColsPerWeight} lines.");
        }

        return preset with { Tiles = preset.Tiles with { Rows = t.Rows / t.RowsPerWeight, Columns = t.Cols / t.ColsPerWeight } };
    }
}
