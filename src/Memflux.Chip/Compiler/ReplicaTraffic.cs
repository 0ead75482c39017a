using Memflux.Chip.Hardware;

namespace Memflux.Chip.Compiler;

/// <summary>
/// The mesh traffic a layer's copies add (issue 14 §1). R copies of a layer split each image's output rows into R
/// contiguous bands (copy c: rows ⌊c·O/R⌋ to ⌊(c+1)·O/R⌋ − 1, O output rows; with R &gt; O, O bands of one row). Output
/// row r reads input rows r·stride − pad to r·stride − pad + kernel − 1 (within 0..H_in − 1); a band reads the union of its rows' windows, so
/// neighbouring bands of a convolution whose kernel spans more rows than its stride both read the rows where their windows
/// overlap: the input crosses the mesh <see cref="InputFactor"/> times instead of once (a token-wise layer, kernel 1,
/// reads each token once: factor 1). Input reaching a layer at one core (a message from another chip ends at the layer's
/// home core) is then sent on to the copies elsewhere, and their outputs come back to it: <see cref="Distribution"/>.
/// Copies sharing a row (R &gt; O) split it by columns; the column halo that adds is not counted.
/// </summary>
public static class ReplicaTraffic
{
    /// <summary>
    /// Input rows read per image when <paramref name="replicas"/> copies split <paramref name="rows"/>' output rows into
    /// bands, summed over the bands (each copy reads the rows its band's windows span).
    /// </summary>
    public static long InputRowsRead(RowWindow rows, int replicas)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        int bands = Math.Min(replicas, rows.OutputRows);
        long read = 0;
        for (int c = 0; c < bands; c++)
        {
            // The union of the band's windows; windows move down monotonically, so count each row past the last counted.
            long counted = -1;
            for (long r = (long)c * rows.OutputRows / bands; r < (long)(c + 1) * rows.OutputRows / bands; r++)
            {
                long lo = Math.Max(Math.Max(0, (r * rows.Stride) - rows.PadTop), counted + 1);
                long hi = Math.Min(rows.InputRows - 1, (r * rows.Stride) - rows.PadTop + rows.Kernel - 1);
                if (hi >= lo)
                {
                    read += hi - lo + 1;
                    counted = hi;
                }
            }
        }

        return read;
    }

    /// <summary>
    /// How many times a layer's input crosses the mesh with <paramref name="replicas"/> copies against one copy: input rows
    /// read by the bands / input rows read by one copy (≥ 1; 1 for one copy, a layer without rows or a token-wise layer).
    /// </summary>
    public static double InputFactor(LayerShape layer, int replicas)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        if (replicas == 1 || layer.Rows is not { } rows || rows.OutputRows == 0)
        {
            return 1;
        }

        long once = InputRowsRead(rows, 1);
        return once == 0 ? 1 : (double)InputRowsRead(rows, replicas) / once;
    }

    /// <summary>The home core of each copy of <paramref name="layer"/> (the core holding most of the copy's tiles), copy by copy.</summary>
    public static int[] CopyHomes(LayerMapping layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int perCopy = layer.TilesPerCopy;
        var homes = new int[layer.Replicas];

        // The cores the current copy has tiles on and how many: at most the layer's cores.
        int most = layer.Cores.Count;
        Span<int> cores = most <= 128 ? stackalloc int[most] : new int[most];
        Span<int> tiles = most <= 128 ? stackalloc int[most] : new int[most];
        int distinct = 0, copy = 0, filled = 0;
        foreach (var share in layer.Cores)
        {
            int left = share.Tiles;
            while (left > 0 && copy < homes.Length)
            {
                int take = Math.Min(left, perCopy - filled);
                int k = cores[..distinct].IndexOf(share.Core);
                if (k < 0)
                {
                    k = distinct++;
                    cores[k] = share.Core;
                    tiles[k] = 0;
                }

                tiles[k] += take;
                left -= take;
                filled += take;
                if (filled == perCopy)
                {
                    // The core with most of the copy's tiles; of equals, the lowest.
                    int best = 0;
                    for (int j = 1; j < distinct; j++)
                    {
                        if (tiles[j] > tiles[best] || (tiles[j] == tiles[best] && cores[j] < cores[best]))
                        {
                            best = j;
                        }
                    }

                    homes[copy++] = cores[best];
                    distinct = 0;
                    filled = 0;
                }
            }
        }

        return homes;
    }

    /// <summary>
    /// The messages per image that carry <paramref name="bitsPerImage"/> arriving at (<paramref name="inbound"/>) or leaving
    /// from the layer's <paramref name="home"/> core to or from its copies elsewhere: each copy whose home is another core
    /// gets its 1/R share of the input, times <see cref="InputFactor"/> for activations (partial sums carry no halo), or
    /// sends its 1/R share of the output. Copies whose home is <paramref name="home"/> need no message.
    /// </summary>
    public static IEnumerable<TrafficFlow> Distribution(ChipSpec spec, int layerIndex, LayerMapping layer, int home, double bitsPerImage, bool inbound, bool partialSums)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Replicas == 1)
        {
            yield break;
        }

        double share = bitsPerImage / layer.Replicas * (inbound && !partialSums ? InputFactor(layer.Shape, layer.Replicas) : 1);
        var homes = CopyHomes(layer);
        Array.Sort(homes);

        // Each other core once, in increasing order, with the number of copies whose home it is.
        for (int i = 0; i < homes.Length;)
        {
            int other = homes[i], copies = 0;
            for (; i < homes.Length && homes[i] == other; i++)
            {
                copies++;
            }

            if (other == home)
            {
                continue;
            }

            double bits = share * copies;
            yield return inbound
                ? new TrafficFlow(layerIndex, layerIndex, home, other, bits, MeshGeometry.Hops(spec.Cores, home, other))
                : new TrafficFlow(layerIndex, layerIndex, other, home, bits, MeshGeometry.Hops(spec.Cores, other, home));
        }
    }
}
