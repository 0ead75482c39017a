namespace Memflux.Chip.Compiler;

/// <summary>
/// Pass 3: puts every layer's tiles (all copies) on cores, filling the cores one after another along a serpentine path
/// through the mesh (<see cref="MeshGeometry.SerpentineOrder"/>) in layer order. What it optimises: hop-weighted
/// traffic Σ bits × hops. Each layer's tiles stay contiguous on the path, so a layer and the next – which carry most of
/// a feed-forward network's traffic – share a core or sit on neighbouring ones, and no step of the path costs more
/// than one hop, and each layer spans as few cores as possible (its inputs are scattered and its partial sums gathered
/// within it, see <see cref="Flows"/>). It is greedy and deterministic, not optimal (skip connections can span several
/// cores).
/// </summary>
public sealed class PlacePass : IChipCompilerPass
{
    /// <inheritdoc/>
    public string Name => "place";

    /// <inheritdoc/>
    public void Run(CompilerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.Placement = Contiguous(state, MeshGeometry.SerpentineOrder(state.Spec.Cores));
        state.Flows = Flows(state, state.Placement);
    }

    /// <summary>Fills cores in <paramref name="coreOrder"/> with each layer's tiles in turn.</summary>
    public static CoreShare[][] Contiguous(CompilerState state, IReadOnlyList<int> coreOrder)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(coreOrder);
        var replicas = CompilerState.Required(state.Replicas, nameof(ReplicatePass));
        int perCore = state.Spec.Core.Tiles.Count;
        int position = 0, used = 0;
        var result = new CoreShare[replicas.Length][];
        for (int l = 0; l < replicas.Length; l++)
        {
            long remaining = (long)state.TilesPerCopy(l) * replicas[l];
            var shares = new List<CoreShare>();
            while (remaining > 0)
            {
                int take = (int)Math.Min(remaining, perCore - used);
                shares.Add(new CoreShare(coreOrder[position], take));
                remaining -= take;
                used += take;
                if (used == perCore)
                {
                    position++;
                    used = 0;
                }
            }

            result[l] = [.. shares];
        }

        return result;
    }

    /// <summary>A naive placement for comparison: tile t of the whole sequence goes to core t mod cores (round robin).</summary>
    public static CoreShare[][] RoundRobin(CompilerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var replicas = CompilerState.Required(state.Replicas, nameof(ReplicatePass));
        int cores = state.Spec.Cores.Count;
        long t = 0;
        var result = new CoreShare[replicas.Length][];
        for (int l = 0; l < replicas.Length; l++)
        {
            long tiles = (long)state.TilesPerCopy(l) * replicas[l];
            var counts = new SortedDictionary<int, int>();
            for (long i = 0; i < tiles; i++, t++)
            {
                int core = (int)(t % cores);
                counts[core] = counts.GetValueOrDefault(core) + 1;
            }

            result[l] = [.. counts.Select(kv => new CoreShare(kv.Key, kv.Value))];
        }

        return result;
    }

    /// <summary>
    /// The traffic of <paramref name="placement"/>, per image. Each layer has a home core (the one holding most of its
    /// tiles, the first on ties): data between layers travels home to home; within a layer the home core scatters
    /// the input vectors to its other cores (k × column blocks values per MVM, by tile share) and gathers their
    /// outputs and partial sums (n × row blocks values per MVM, by tile share). Intra-layer flows have From = To.
    /// </summary>
    public static TrafficFlow[] Flows(CompilerState state, CoreShare[][] placement)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(placement);
        var spec = state.Spec;
        var grid = spec.Cores;
        var blocks = CompilerState.Required(state.Blocks, nameof(PartitionPass));
        var home = new int[placement.Length];
        var flows = new List<TrafficFlow>();
        for (int l = 0; l < placement.Length; l++)
        {
            var shares = placement[l];
            home[l] = shares.MaxBy(s => s.Tiles)!.Core;
            var shape = state.Network.Layers[l];
            double total = shares.Sum(s => (double)s.Tiles);
            double mvms = (double)shape.MvmsPerImage * shape.Groups;
            double scatter = mvms * shape.Inputs * blocks[l].ColumnBlocks * spec.Core.Input.Bits;
            double gather = mvms * shape.Outputs * blocks[l].RowBlocks * spec.Core.OutputBits;
            foreach (var s in shares)
            {
                if (s.Core != home[l])
                {
                    double share = s.Tiles / total;
                    int hops = MeshGeometry.Hops(grid, home[l], s.Core);
                    flows.Add(new TrafficFlow(l, l, home[l], s.Core, scatter * share, hops));
                    flows.Add(new TrafficFlow(l, l, s.Core, home[l], gather * share, hops));
                }
            }
        }

        foreach (var edge in state.Network.Edges)
        {
            double bits = (double)edge.ValuesPerImage * spec.Core.OutputBits;
            flows.Add(new TrafficFlow(edge.From, edge.To, home[edge.From], home[edge.To], bits, MeshGeometry.Hops(grid, home[edge.From], home[edge.To])));
        }

        return [.. flows];
    }

    /// <summary>Hop-weighted traffic Σ bits × hops of <paramref name="flows"/>.</summary>
    public static double HopBits(IEnumerable<TrafficFlow> flows) => flows.Sum(f => f.BitsPerImage * f.Hops);
}
