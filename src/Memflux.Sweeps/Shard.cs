using System.Globalization;
using Memflux.Numerics;

namespace Memflux.Sweeps;

/// <summary>
/// Which points one process runs. By index (<see cref="Contains"/>): those whose index ≡ <see cref="Index"/> (mod
/// <see cref="Count"/>). By estimated cost (<see cref="Select"/>, what <c>memflux sweep</c> does): every shard
/// computes the same assignment from every point's cost estimate, longest first onto the least loaded shard, so
/// accuracy points (minutes each) and estimate-only points (milliseconds) even out; with equal costs it is the
/// assignment by index.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>All points in one process.</summary>
    public static Shard Whole => new(0, 1);

    /// <summary>Whether this shard runs the point at <paramref name="pointIndex"/> when points are assigned by index.</summary>
    public bool Contains(int pointIndex) => pointIndex % Count == Index;

    /// <summary>
    /// The points of <paramref name="points"/> this shard runs when assigned by <paramref name="cost"/>
    /// (<see cref="Balance"/>), in their order; by index (<see cref="Contains"/>) when <paramref name="cost"/> is null.
    /// </summary>
    public IReadOnlyList<SweepPoint> Select(IReadOnlyList<SweepPoint> points, Func<SweepPoint, double>? cost)
    {
        ArgumentNullException.ThrowIfNull(points);
        var self = this;
        if (cost is null || Count == 1)
        {
            return [.. points.Where(p => self.Contains(p.Index))];
        }

        var shards = Balance([.. points.Select(cost)], Count);
        return [.. points.Where((p, i) => shards[i] == self.Index)];
    }

    /// <summary>
    /// Assigns items of the given <paramref name="costs"/> to <paramref name="count"/> shards, longest processing time
    /// first: in order of decreasing cost (ties: lower position first), each to the shard with the least cost so far
    /// (ties: the one with fewer items, then the lower shard). Deterministic, so each shard's process computes the same assignment; the busiest shard
    /// carries at most 4/3 of the best possible largest load (Graham 1969), and equal costs go round robin.
    /// </summary>
    /// <returns>Each item's shard.</returns>
    public static int[] Balance(IReadOnlyList<double> costs, int count)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        for (int i = 0; i < costs.Count; i++)
        {
            if (!double.IsFinite(costs[i]) || costs[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(costs), $"cost {i} is {costs[i]}; costs must be finite and non-negative.");
            }
        }

        var order = Enumerable.Range(0, costs.Count).OrderByDescending(i => costs[i]).ThenBy(i => i).ToArray();
        var loads = new PriorityQueue<int, (double Load, int Items, int Shard)>();
        for (int s = 0; s < count; s++)
        {
            loads.Enqueue(s, (0, 0, s));
        }

        var shard = new int[costs.Count];
        foreach (int i in order)
        {
            loads.TryDequeue(out int s, out var load);
            shard[i] = s;
            loads.Enqueue(s, (load.Load + costs[i], load.Items + 1, s));
        }

        return shard;
    }

    /// <summary>Parses <c>i/N</c> (0 ≤ i &lt; N), naming <paramref name="origin"/> in errors.</summary>
    public static Shard Parse(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && i < n)
        {
            return new Shard(i, n);
        }

        throw new MemfluxException($"{origin}: expected a shard i/N with 0 ≤ i < N (e.g. 0/4), found '{text}'.");
    }

    /// <summary>
    /// The shard of a Slurm array task, from <c>SLURM_ARRAY_TASK_ID</c> and <c>SLURM_ARRAY_TASK_COUNT</c> (an array
    /// <c>--array=0-(N-1)</c>, as <see cref="SlurmScript"/> writes it), or <see langword="null"/> outside an array.
    /// </summary>
    public static Shard? FromSlurm(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? id = environment("SLURM_ARRAY_TASK_ID");
        string? count = environment("SLURM_ARRAY_TASK_COUNT");
        if (id is null && count is null)
        {
            return null;
        }

        return Parse($"{id}/{count}", "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
