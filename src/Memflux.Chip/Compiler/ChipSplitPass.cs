using Memflux.Numerics;

namespace Memflux.Chip.Compiler;

/// <summary>
/// System pass 1: cuts layers into parts a chip boundary may fall between. A layer whose one column block (all its row
/// blocks, all groups) fits a chip is cut into runs of column blocks of at most 1/<see cref="UnitsPerChip"/> of a chip when
/// it is larger than that: each part keeps every row of k,
/// so it needs the whole input (sent to each part) and its outputs concatenate with the others'. <see cref="StagePass"/>
/// puts consecutive parts on chips and merges the parts of a layer that land on the same chip again, so a layer is only
/// split where a chip boundary falls inside it, and chips fill up to their last tile. Only when the row blocks of one
/// column block exceed a chip is a column block cut into row parts (as even as the blocks allow), whose partial sums
/// cross to the column block's last part, which adds them. Also lists the data between parts per image: a consumer
/// part receives each producing part's share of the outputs, times its own share of the rows of k.
/// </summary>
public sealed class ChipSplitPass : ISystemCompilerPass
{
    /// <summary>
    /// Column parts hold at most a chip's tiles / this many (and at least one column block), so a chip fills to within
    /// that share of its tiles while a large chip (ISAAC: 16,128 tiles) does not cut a layer into thousands of parts.
    /// </summary>
    public const int UnitsPerChip = 64;

    /// <inheritdoc/>
    public string Name => "chip-split";

    /// <inheritdoc/>
    public void Run(SystemState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (r, c) = PartitionPass.WeightsPerTile(state.Spec);
        long capacity = state.Model.TotalTiles;
        var parts = new List<LayerPart>();
        var first = new int[state.Network.Layers.Count];
        foreach (var layer in state.Network.Layers)
        {
            first[layer.Index] = parts.Count;
            parts.AddRange(Split(layer, r, c, capacity, state.Spec.Name));
        }

        state.Parts = [.. parts];
        state.Flows = Flows(state, state.Parts, first);
    }

    /// <summary>The parts of <paramref name="layer"/> on chips of <paramref name="capacity"/> tiles of <paramref name="r"/> × <paramref name="c"/> weights.</summary>
    public static IReadOnlyList<LayerPart> Split(LayerShape layer, int r, int c, long capacity, string chipName)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int rb = (layer.Inputs + r - 1) / r, cb = (layer.Outputs + c - 1) / c, g = layer.Groups;
        if ((long)g * rb * cb <= capacity / UnitsPerChip || (cb == 1 && (long)g * rb <= capacity))
        {
            return [LayerPart.Whole(layer, g * rb)];
        }

        if (g > capacity)
        {
            throw new MemfluxException($"{layer.Description}: its {g} groups need at least {g} tiles side by side, more than a chip of '{chipName}' has ({capacity}); Memflux does not split a layer's groups across chips.");
        }

        var parts = new List<LayerPart>();
        if ((long)g * rb <= capacity)
        {
            int perPart = (int)Math.Max(1, capacity / (UnitsPerChip * g * rb));
            int count = (cb + perPart - 1) / perPart;
            int start = 0;
            for (int p = 0; p < count; p++)
            {
                int blocks = (cb / count) + (p < cb % count ? 1 : 0);
                int outputs = Math.Min(layer.Outputs, (start + blocks) * c) - (start * c);
                parts.Add(new LayerPart(layer.Index, p, count, layer.Inputs, outputs, g * rb * blocks, -1));
                start += blocks;
            }

            return parts;
        }

        int rowsPerPart = (int)(capacity / g);
        int rowParts = (rb + rowsPerPart - 1) / rowsPerPart;
        int total = cb * rowParts;
        for (int j = 0; j < cb; j++)
        {
            int outputs = Math.Min(layer.Outputs, (j + 1) * c) - (j * c);
            int start = 0;
            for (int p = 0; p < rowParts; p++)
            {
                int blocks = (rb / rowParts) + (p < rb % rowParts ? 1 : 0);
                int inputs = Math.Min(layer.Inputs, (start + blocks) * r) - (start * r);
                int last = (j * rowParts) + rowParts - 1;
                int index = (j * rowParts) + p;
                parts.Add(new LayerPart(layer.Index, index, total, inputs, outputs, g * blocks, index == last ? -1 : last));
                start += blocks;
            }
        }

        return parts;
    }

    /// <summary>The data between <paramref name="parts"/> per image; <paramref name="first"/> is each layer's first part.</summary>
    internal static PartFlow[] Flows(SystemState state, LayerPart[] parts, int[] first)
    {
        var layers = state.Network.Layers;
        double bits = state.Spec.Core.OutputBits;
        var flows = new List<PartFlow>();
        foreach (var edge in state.Network.Edges)
        {
            var from = layers[edge.From];
            var to = layers[edge.To];
            for (int a = first[edge.From]; a < first[edge.From] + parts[first[edge.From]].PartCount; a++)
            {
                if (!parts[a].ProducesOutputs)
                {
                    continue;
                }

                double outShare = parts[a].PartCount == 1 ? 1 : (double)parts[a].Outputs / from.Outputs;
                for (int b = first[edge.To]; b < first[edge.To] + parts[first[edge.To]].PartCount; b++)
                {
                    double inShare = parts[b].PartCount == 1 ? 1 : (double)parts[b].Inputs / to.Inputs;
                    double values = edge.ValuesPerImage * outShare * inShare;
                    flows.Add(new PartFlow(a, b, ChipLinkFlowKind.Activations, values, values * bits));
                }
            }
        }

        for (int p = 0; p < parts.Length; p++)
        {
            if (!parts[p].ProducesOutputs)
            {
                var layer = layers[parts[p].Layer];
                double values = (double)layer.MvmsPerImage * layer.Groups * parts[p].Outputs;
                flows.Add(new PartFlow(p, first[parts[p].Layer] + parts[p].PartialSumTarget, ChipLinkFlowKind.PartialSums, values, values * bits));
            }
        }

        return [.. flows.OrderBy(f => f.FromPart).ThenBy(f => f.ToPart).ThenBy(f => f.Kind)];
    }
}
