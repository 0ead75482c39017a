using System.Globalization;
using Memflux.Numerics;

namespace Memflux.Chip.Compiler;

/// <summary>
/// System pass 2: assigns contiguous ranges of layer parts (in topological order) to chips, as pipeline stages; stage s
/// runs on chip s, which every topology places next to chip s + 1. The fewest chips that hold one copy come from
/// filling chips in order (optimal for contiguous ranges); <c>auto</c> takes that many. With more chips, a stage's
/// busy time is estimated as its tile-MVMs per image (Σ tiles × MVMs per image of its parts) spread over a chip's tiles,
/// which is what replication on that chip approaches; the pass first finds the smallest largest stage any split into at
/// most the given chips achieves (the pipeline's bottleneck), then, among the splits that achieve it and fit every chip,
/// the one whose cuts carry the fewest bits per image (a flow crossing k cuts counts k times: on a ring or the serpentine
/// of a mesh, k is its link hops); ties go to fewer chips, then to earlier cuts. Parts of a layer that end up on one chip are merged
/// back into one part, and the flows between parts listed again. Chips beyond what helps stay unused.
/// </summary>
public sealed class StagePass : ISystemCompilerPass
{
    /// <inheritdoc/>
    public string Name => "stage";

    /// <inheritdoc/>
    public void Run(SystemState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var parts = CompilerState.Required(state.Parts, nameof(ChipSplitPass));
        var flows = CompilerState.Required(state.Flows, nameof(ChipSplitPass));
        long capacity = state.Model.TotalTiles;
        int minimum = MinimumChips(parts, capacity);
        int chips = state.RequestedChips.IsAuto ? minimum : state.RequestedChips.Count;
        if (chips < minimum)
        {
            long needed = parts.Sum(p => (long)p.Tiles);
            throw new MemfluxException(string.Create(
                CultureInfo.InvariantCulture,
                $"{state.Network.Name} does not fit on {chips} chip(s) '{state.Spec.Name}' ({state.ChipsSource}): it needs {needed} tiles of one copy, {capacity} per chip, so {minimum} chips " +
                $"(layers are split across chips only when larger than one; layer by layer in order, {minimum} is the fewest). Use --chips auto or --chips {minimum} or more."));
        }

        var work = parts.Select(p => (double)p.Tiles * state.Network.Layers[p.Layer].MvmsPerImage).ToArray();
        var cut = CutBits(parts.Length, flows);
        var chipOf = Assign(parts, work, cut, capacity, Math.Min(chips, parts.Length));
        state.ChipCount = chipOf[^1] + 1;
        Merge(state, chipOf);
    }

    /// <summary>Joins consecutive column parts of a layer on the same chip into one part, and lists the flows again.</summary>
    private static void Merge(SystemState state, int[] chipOf)
    {
        var parts = state.Parts!;
        var merged = new List<LayerPart>();
        var chips = new List<int>();
        for (int p = 0; p < parts.Length; p++)
        {
            var part = parts[p];
            bool column = part.ProducesOutputs && part.PartCount > 1 && part.Inputs == state.Network.Layers[part.Layer].Inputs;
            if (column && merged.Count > 0 && merged[^1].Layer == part.Layer && chips[^1] == chipOf[p])
            {
                merged[^1] = merged[^1] with { Outputs = merged[^1].Outputs + part.Outputs, Tiles = merged[^1].Tiles + part.Tiles };
                continue;
            }

            merged.Add(part);
            chips.Add(chipOf[p]);
        }

        var first = new int[state.Network.Layers.Count];
        for (int p = merged.Count - 1; p >= 0; p--)
        {
            first[merged[p].Layer] = p;
        }

        for (int p = 0; p < merged.Count; p++)
        {
            int count = merged.Count(m => m.Layer == merged[p].Layer);
            bool column = merged[p].ProducesOutputs && merged[p].Inputs == state.Network.Layers[merged[p].Layer].Inputs;
            if (column)
            {
                merged[p] = merged[p] with { Part = p - first[merged[p].Layer], PartCount = count };
            }
        }

        state.Parts = [.. merged];
        state.ChipOfPart = [.. chips];
        state.Flows = ChipSplitPass.Flows(state, state.Parts, first);
    }

    /// <summary>Chips needed to hold one copy of <paramref name="parts"/> in order, filling each chip before the next.</summary>
    public static int MinimumChips(IReadOnlyList<LayerPart> parts, long capacity)
    {
        ArgumentNullException.ThrowIfNull(parts);
        int chips = 1;
        long used = 0;
        foreach (var p in parts)
        {
            if (used + p.Tiles > capacity)
            {
                chips++;
                used = 0;
            }

            used += p.Tiles;
        }

        return chips;
    }

    /// <summary>Bits per image crossing a cut after part i (flows from a part at or before i to one after it).</summary>
    public static double[] CutBits(int parts, IReadOnlyList<PartFlow> flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        var delta = new double[parts + 1];
        foreach (var f in flows)
        {
            delta[f.FromPart] += f.Bits;
            delta[f.ToPart] -= f.Bits;
        }

        var cut = new double[parts];
        double running = 0;
        for (int i = 0; i < parts; i++)
        {
            running += delta[i];
            cut[i] = running;
        }

        return cut;
    }

    private static int[] Assign(LayerPart[] parts, double[] work, double[] cut, long capacity, int maxStages)
    {
        int n = parts.Length;
        var prefixTiles = new long[n + 1];
        var prefixWork = new double[n + 1];
        for (int i = 0; i < n; i++)
        {
            prefixTiles[i + 1] = prefixTiles[i] + parts[i].Tiles;
            prefixWork[i + 1] = prefixWork[i] + work[i];
        }

        // Stage (i, j] holds parts i..j-1; it fits when its tiles fit one chip.
        bool Fits(int i, int j) => prefixTiles[j] - prefixTiles[i] <= capacity;
        double Work(int i, int j) => prefixWork[j] - prefixWork[i];

        // 1. The smallest largest stage over splits into at most maxStages stages.
        var best = new double[n + 1];
        Array.Fill(best, double.PositiveInfinity);
        best[0] = 0;
        double bottleneck = double.PositiveInfinity;
        for (int s = 1; s <= maxStages; s++)
        {
            var next = new double[n + 1];
            Array.Fill(next, double.PositiveInfinity);
            for (int j = 1; j <= n; j++)
            {
                for (int i = j - 1; i >= 0 && Fits(i, j); i--)
                {
                    next[j] = Math.Min(next[j], Math.Max(best[i], Work(i, j)));
                }
            }

            best = next;
            bottleneck = Math.Min(bottleneck, best[n]);
        }

        // 2. The fewest cut bits among splits whose every stage fits and is at most the bottleneck.
        double limit = bottleneck * (1 + 1e-12);
        var cost = new double[maxStages + 1, n + 1];
        var from = new int[maxStages + 1, n + 1];
        for (int s = 0; s <= maxStages; s++)
        {
            for (int j = 0; j <= n; j++)
            {
                cost[s, j] = double.PositiveInfinity;
            }
        }

        cost[0, 0] = 0;
        for (int s = 1; s <= maxStages; s++)
        {
            for (int j = 1; j <= n; j++)
            {
                for (int i = j - 1; i >= 0 && Fits(i, j); i--)
                {
                    if (Work(i, j) > limit || double.IsPositiveInfinity(cost[s - 1, i]))
                    {
                        continue;
                    }

                    double c = cost[s - 1, i] + (j < n ? cut[j - 1] : 0);
                    if (c <= cost[s, j])
                    {
                        cost[s, j] = c;
                        from[s, j] = i;
                    }
                }
            }
        }

        int stages = 1;
        for (int s = 1; s <= maxStages; s++)
        {
            if (cost[s, n] < cost[stages, n])
            {
                stages = s;
            }
        }

        var chipOf = new int[n];
        for (int s = stages, j = n; s >= 1; s--)
        {
            int i = from[s, j];
            for (int p = i; p < j; p++)
            {
                chipOf[p] = s - 1;
            }

            j = i;
        }

        return chipOf;
    }
}
