namespace Memflux.Graph.Ops;

/// <summary>Runs a per-(batch, channel) plane body, in parallel when there is enough work to pay for it.</summary>
internal static class PoolLoop
{
    /// <summary>Below this many inner-loop steps in total, threads cost more than they save.</summary>
    private const long ParallelThreshold = 1 << 15;

    /// <summary>
    /// Calls <paramref name="body"/> for planes 0..<paramref name="planes"/>−1. Each plane writes only its own
    /// output slice, so the result does not depend on scheduling.
    /// </summary>
    public static void ForEachPlane(int planes, long workPerPlane, Action<int> body)
    {
        if (planes > 1 && planes * workPerPlane >= ParallelThreshold)
        {
            Parallel.For(0, planes, body);
        }
        else
        {
            for (int p = 0; p < planes; p++)
            {
                body(p);
            }
        }
    }
}
