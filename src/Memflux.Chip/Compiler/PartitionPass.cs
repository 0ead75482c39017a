using Memflux.Numerics;

namespace Memflux.Chip.Compiler;

/// <summary>
/// Pass 1: cuts each layer's k×n matrices into ceil(k/R) × ceil(n/C) tiles, where a tile holds R = rows / rows per
/// weight by C = cols / columns per weight weights (each weight on devices-per-weight devices of bits-per-device bits).
/// More than one row block means the tiles' partial sums are added digitally. A network whose tiles outnumber the
/// chip's is an error saying how many it needs and how many the chip has (there is no multi-pass mode: reprogramming
/// between passes would cost more than the inference, see docs/estimate.md).
/// </summary>
public sealed class PartitionPass : IChipCompilerPass
{
    /// <inheritdoc/>
    public string Name => "partition";

    /// <summary>Logical weight rows and columns of one tile of <paramref name="spec"/>.</summary>
    public static (int Rows, int Cols) WeightsPerTile(Hardware.ChipSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var t = spec.Core.Tiles;
        return (t.Rows / t.RowsPerWeight, t.Cols / t.ColsPerWeight);
    }

    /// <summary>The error for a network that needs <paramref name="needed"/> tiles on a chip of <paramref name="available"/>.</summary>
    public static string NotFitMessage(NetworkProfile network, Hardware.ChipSpec spec, long needed, long available)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(spec);
        var (r, c) = WeightsPerTile(spec);
        var t = spec.Core.Tiles;
        return $"{network.Name} does not fit on chip '{spec.Name}': it needs {needed} tiles of {r}x{c} weights " +
            $"({network.WeightCount} weights at {t.DevicesPerWeight} device(s)/weight, {t.BitsPerDevice} bit(s)/device) " +
            $"but the chip has {available} ({spec.Cores.Count} cores x {t.Count} tile(s)). Memflux has no multi-pass mode; use a larger chip";
    }

    /// <inheritdoc/>
    public void Run(CompilerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (r, c) = WeightsPerTile(state.Spec);
        var layers = state.Network.Layers;
        var blocks = new (int, int)[layers.Count];
        long needed = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            int rb = (l.Inputs + r - 1) / r;
            int cb = (l.Outputs + c - 1) / c;
            blocks[i] = (rb, cb);
            needed += (long)l.Groups * rb * cb;
        }

        long available = state.Model.TotalTiles;
        if (needed > available)
        {
            throw new MemfluxException(NotFitMessage(state.Network, state.Spec, needed, available) + ".");
        }

        state.Blocks = blocks;
    }
}
