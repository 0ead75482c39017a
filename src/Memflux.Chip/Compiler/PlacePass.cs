namespace Memflux.Chip.Compiler;

/// <summary>
/// Pass 3: puts every tile of every layer copy on a core, filling the cores one after another along a serpentine path
/// through the mesh (<see cref="MeshGeometry.SerpentineOrder"/>), layer after layer, copy after copy. What it
/// optimises: hop-weighted traffic Σ bits × hops (<see cref="TrafficModel"/>). Keeping each layer's tiles contiguous
/// on the path puts a layer and the next – which carry most of a feed-forward network's traffic – on the same or
/// neighbouring cores (no step of the path costs more than one hop), and keeps each copy on as few cores as possible
/// (so few partial sums and inputs cross cores). It is greedy and deterministic, not optimal (skip connections can
/// span several cores).
/// </summary>
public sealed class PlacePass : IChipCompilerPass
{
    /// <inheritdoc/>
    public string Name => "place";

    /// <inheritdoc/>
    public void Run(CompilerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var tiles = Contiguous(state, MeshGeometry.SerpentineOrder(state.Spec.Cores));
        state.Placement = [.. tiles.Select(Aggregate)];
        state.Flows = TrafficModel.Flows(state, tiles);
    }

    /// <summary>
    /// The core of every tile, per layer in copy-major order (tile t of copy c at c × tiles per copy + t), filling
    /// cores in <paramref name="coreOrder"/>.
    /// </summary>
    public static int[][] Contiguous(CompilerState state, IReadOnlyList<int> coreOrder)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(coreOrder);
        var replicas = CompilerState.Required(state.Replicas, nameof(ReplicatePass));
        int perCore = state.Spec.Core.Tiles.Count;
        int position = 0, used = 0;
        var result = new int[replicas.Length][];
        for (int l = 0; l < replicas.Length; l++)
        {
            var cores = new int[checked(state.TilesPerCopy(l) * replicas[l])];
            for (int t = 0; t < cores.Length; t++)
            {
                cores[t] = coreOrder[position];
                if (++used == perCore)
                {
                    position++;
                    used = 0;
                }
            }

            result[l] = cores;
        }

        return result;
    }

    /// <summary>A naive placement for comparison: tile t of the whole sequence goes to core t mod cores (round robin).</summary>
    public static int[][] RoundRobin(CompilerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var replicas = CompilerState.Required(state.Replicas, nameof(ReplicatePass));
        int count = state.Spec.Cores.Count;
        long next = 0;
        var result = new int[replicas.Length][];
        for (int l = 0; l < replicas.Length; l++)
        {
            var cores = new int[checked(state.TilesPerCopy(l) * replicas[l])];
            for (int t = 0; t < cores.Length; t++)
            {
                cores[t] = (int)(next++ % count);
            }

            result[l] = cores;
        }

        return result;
    }

    /// <summary>Tiles per core of one layer, cores in order of first appearance.</summary>
    public static CoreShare[] Aggregate(int[] tileCores)
    {
        ArgumentNullException.ThrowIfNull(tileCores);
        return Aggregate(tileCores.AsSpan());
    }

    /// <summary>Tiles per core of <paramref name="tileCores"/> (the cores of consecutive tiles), cores in order of first appearance.</summary>
    public static CoreShare[] Aggregate(ReadOnlySpan<int> tileCores)
    {
        // Placements fill a core before the next, so a tile's core is most often the previous tile's: look there first.
        Span<int> cores = tileCores.Length <= 256 ? stackalloc int[tileCores.Length] : new int[tileCores.Length];
        Span<int> tiles = tileCores.Length <= 256 ? stackalloc int[tileCores.Length] : new int[tileCores.Length];
        int distinct = 0, last = -1;
        foreach (int core in tileCores)
        {
            int i = last >= 0 && cores[last] == core ? last : cores[..distinct].IndexOf(core);
            if (i < 0)
            {
                i = distinct++;
                cores[i] = core;
                tiles[i] = 0;
            }

            tiles[i]++;
            last = i;
        }

        var shares = new CoreShare[distinct];
        for (int i = 0; i < distinct; i++)
        {
            shares[i] = new CoreShare(cores[i], tiles[i]);
        }

        return shares;
    }

    /// <summary>Hop-weighted traffic Σ bits × hops of <paramref name="flows"/>.</summary>
    public static double HopBits(IEnumerable<TrafficFlow> flows) => flows.Sum(f => f.BitsPerImage * f.Hops);
}
