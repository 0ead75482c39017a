namespace Memflux.Sweeps;

/// <summary>
/// The points no other point beats on both of two figures: a cost to minimise (energy, area) and a quality to maximise
/// (accuracy). Point a dominates b when a's cost ≤ b's and a's quality ≥ b's, one of them strictly.
/// </summary>
public static class ParetoFront
{
    /// <summary>For each point, whether it is on the front. NaN figures are never on it. O(n log n).</summary>
    public static bool[] Mark(IReadOnlyList<double> cost, IReadOnlyList<double> quality)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(quality);
        if (cost.Count != quality.Count)
        {
            throw new ArgumentException($"cost has {cost.Count} points, quality {quality.Count}.", nameof(quality));
        }

        var order = Enumerable.Range(0, cost.Count)
            .Where(i => !double.IsNaN(cost[i]) && !double.IsNaN(quality[i]))
            .OrderBy(i => cost[i]).ThenByDescending(i => quality[i]).ToArray();
        var front = new bool[cost.Count];
        double best = double.NegativeInfinity;
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];

            // Sorted by cost, then by quality falling: a point is beaten exactly when an earlier one has at least its
            // quality. Identical points do not dominate each other, so the twin of a point on the front is on it too.
            bool twinOfFront = k > 0 && front[order[k - 1]] && cost[order[k - 1]] == cost[i] && quality[order[k - 1]] == quality[i];
            if (quality[i] > best || twinOfFront)
            {
                front[i] = true;
                best = Math.Max(best, quality[i]);
            }
        }

        return front;
    }
}
