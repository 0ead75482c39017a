namespace Memflux.Chip.Compiler;

/// <summary>
/// Pass 4: gives back the copies whose mesh traffic costs more than they save (issue 14 §1). <see cref="ReplicatePass"/>
/// copies the slowest layer before anything is placed, so it cannot see the mesh; but copies split a convolution's output
/// rows into bands that read overlapping input rows (<see cref="ReplicaTraffic.InputFactor"/>) and spread the layer over
/// more cores, so they add traffic. Once placed, the pipeline's interval is at least its busiest resource's busy time per
/// image (<see cref="Bound"/>): a layer's tiles (MVMs per tile × the MVM interval) or a directed mesh link (Σ bits /
/// bandwidth of the flows routed over it). When that resource is a link, a layer whose tiles are busy for less than the
/// bound holds copies that buy no throughput and only add traffic: this pass lowers every such layer to the fewest copies
/// that keep its tiles within the bound, places again (<see cref="PlacePass"/>), and keeps the result only if the bound
/// fell; it repeats while the bound keeps falling, at most <see cref="MaxRounds"/> times. When a layer's tiles are the
/// bottleneck nothing changes. Digital units and the forwarding of input that arrives from another chip are not part of
/// the bound (they are timed by the cost model), so the pass can only err towards keeping copies.
/// </summary>
public sealed class TrimReplicasPass : IChipCompilerPass
{
    /// <summary>The most trim-and-place rounds one compile runs.</summary>
    public const int MaxRounds = 4;

    /// <inheritdoc/>
    public string Name => "trim-replicas";

    /// <inheritdoc/>
    public void Run(CompilerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var (bound, linkBound) = Bound(state);
        for (int round = 0; round < MaxRounds && linkBound; round++)
        {
            var replicas = CompilerState.Required(state.Replicas, nameof(ReplicatePass));
            var trimmed = Trim(state, replicas, bound);
            if (trimmed.AsSpan().SequenceEqual(replicas))
            {
                return;
            }

            var (placement, flows) = (state.Placement, state.Flows);
            state.Replicas = trimmed;
            new PlacePass().Run(state);
            var (next, nextLinkBound) = Bound(state);
            if (next >= bound)
            {
                (state.Replicas, state.Placement, state.Flows) = (replicas, placement, flows);
                return;
            }

            (bound, linkBound) = (next, nextLinkBound);
        }
    }

    /// <summary>
    /// The busiest resource's busy time per image in ns, and whether it is a mesh link: the larger of the slowest layer's
    /// tiles (⌈MVMs / replicas⌉ × the MVM interval) and the busiest directed link (Σ over the flows routed across it with
    /// XY routing of bits per image / link bandwidth).
    /// </summary>
    public static (double Ns, bool Link) Bound(CompilerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var replicas = CompilerState.Required(state.Replicas, nameof(ReplicatePass));
        var flows = CompilerState.Required(state.Flows, nameof(PlacePass));
        double tiles = 0;
        for (int l = 0; l < replicas.Length; l++)
        {
            tiles = Math.Max(tiles, Occupancy(state, l, replicas[l]));
        }

        var grid = state.Spec.Cores;
        var load = new double[grid.Count * 4];
        foreach (var f in flows)
        {
            if (f.Hops == 0)
            {
                continue;
            }

            double ns = f.BitsPerImage / state.Spec.Noc.LinkBandwidthGbps;
            foreach (int link in MeshGeometry.Route(grid, f.SourceCore, f.DestinationCore))
            {
                load[link] += ns;
            }
        }

        double links = load.Length == 0 ? 0 : load.Max();
        return links > tiles ? (links, true) : (tiles, false);
    }

    /// <summary>Each layer at the fewest copies (never more than now) whose tiles stay busy for at most <paramref name="boundNs"/> per image.</summary>
    private static int[] Trim(CompilerState state, int[] replicas, double boundNs)
    {
        var trimmed = (int[])replicas.Clone();
        double interval = state.Model.AnalogMvmIntervalNs;
        for (int l = 0; l < trimmed.Length; l++)
        {
            // ⌈mvms / r⌉ ≤ k ⇔ r ≥ ⌈mvms / k⌉, with k the MVMs per tile that fit in the bound (rounding error forgiven).
            long mvms = state.Network.Layers[l].MvmsPerImage;
            long perTile = Math.Max(1, (long)Math.Floor(boundNs / interval * (1 + 1e-12)));
            long fewest = Math.Max(1, (mvms + perTile - 1) / perTile);
            trimmed[l] = (int)Math.Min(trimmed[l], fewest);
        }

        return trimmed;
    }

    private static double Occupancy(CompilerState state, int layer, int replicas) =>
        (state.Network.Layers[layer].MvmsPerImage + replicas - 1) / replicas * state.Model.AnalogMvmIntervalNs;
}
