namespace Memflux.Chip.Compiler;

/// <summary>
/// The data crossing the mesh per image for a placement. Between layers: the consumer's input (its feature map) moves
/// from the producer's cores to the consumer's cores, matched by tile share in placement order (a 1-D transport: each
/// core sends its share to the nearest cores of the consumer). Within a layer: a copy split over several cores has a
/// home core (the one with most of its tiles); the home scatters the copy's share of the input to the copy's other
/// cores and gathers their outputs and partial sums (n × row blocks values per MVM), each in proportion to the tiles
/// there. Intra-layer flows have From = To. A replicated layer's copies split its output rows into bands, and each
/// reads the input rows its band's windows span, so a convolution's input crosses the mesh
/// <see cref="ReplicaTraffic.InputFactor"/> times (the halo rows neighbouring copies both read): its incoming edges and
/// its copies' scatter carry that factor.
/// </summary>
public static class TrafficModel
{
    /// <summary>The flows of <paramref name="tileCores"/> (the core of every tile, per layer, copy-major).</summary>
    public static TrafficFlow[] Flows(CompilerState state, int[][] tileCores)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(tileCores);
        var spec = state.Spec;
        var grid = spec.Cores;
        var blocks = CompilerState.Required(state.Blocks, nameof(PartitionPass));
        var replicas = CompilerState.Required(state.Replicas, nameof(ReplicatePass));
        var flows = new List<TrafficFlow>();

        // Per layer: each (from, to) core pair's position in bits, in order of first appearance (reused layer to layer).
        var pairs = new Dictionary<(int From, int To), int>();
        var bits = new List<double>();
        for (int l = 0; l < tileCores.Length; l++)
        {
            var shape = state.Network.Layers[l];
            int perCopy = state.TilesPerCopy(l);
            double scatter = (double)shape.InputValuesPerImage * spec.Core.Input.Bits / replicas[l] * ReplicaTraffic.InputFactor(shape, replicas[l]);
            double gather = (double)shape.MvmsPerImage * shape.Groups * shape.Outputs * blocks[l].RowBlocks * spec.Core.OutputBits / replicas[l];
            pairs.Clear();
            bits.Clear();
            for (int c = 0; c < replicas[l]; c++)
            {
                var copy = PlacePass.Aggregate(tileCores[l].AsSpan(c * perCopy, perCopy));
                if (copy.Length == 1)
                {
                    continue;
                }

                int home = copy.MaxBy(s => s.Tiles)!.Core;
                foreach (var s in copy)
                {
                    if (s.Core == home)
                    {
                        continue;
                    }

                    double share = (double)s.Tiles / perCopy;
                    Add(pairs, bits, (home, s.Core), scatter * share);
                    Add(pairs, bits, (s.Core, home), gather * share);
                }
            }

            if (pairs.Count > 0)
            {
                foreach (var (pair, i) in pairs.OrderBy(p => p.Value))
                {
                    flows.Add(new TrafficFlow(l, l, pair.From, pair.To, bits[i], MeshGeometry.Hops(grid, pair.From, pair.To)));
                }
            }
        }

        var shares = tileCores.Select(PlacePass.Aggregate).ToArray();
        foreach (var edge in state.Network.Edges)
        {
            double halo = ReplicaTraffic.InputFactor(state.Network.Layers[edge.To], replicas[edge.To]);
            Transport(flows, grid, edge, shares[edge.From], shares[edge.To], (double)edge.ValuesPerImage * spec.Core.OutputBits * halo);
        }

        return [.. flows];
    }

    private static void Add(Dictionary<(int, int), int> pairs, List<double> bits, (int, int) pair, double amount)
    {
        if (pairs.TryGetValue(pair, out int i))
        {
            bits[i] += amount;
        }
        else
        {
            pairs[pair] = bits.Count;
            bits.Add(amount);
        }
    }

    private static void Transport(List<TrafficFlow> flows, Hardware.CoreGridSpec grid, LayerEdge edge, CoreShare[] a, CoreShare[] b, double bits)
    {
        double totalA = a.Sum(s => (double)s.Tiles), totalB = b.Sum(s => (double)s.Tiles);
        int i = 0, j = 0;
        double leftA = a[0].Tiles / totalA, leftB = b[0].Tiles / totalB;
        while (i < a.Length && j < b.Length)
        {
            double amount = Math.Min(leftA, leftB);
            if (amount > 0)
            {
                flows.Add(new TrafficFlow(edge.From, edge.To, a[i].Core, b[j].Core, bits * amount, MeshGeometry.Hops(grid, a[i].Core, b[j].Core)));
            }

            leftA -= amount;
            leftB -= amount;
            if (leftA <= 1e-12 && ++i < a.Length)
            {
                leftA = a[i].Tiles / totalA;
            }

            if (leftB <= 1e-12 && ++j < b.Length)
            {
                leftB = b[j].Tiles / totalB;
            }
        }
    }
}
