using System.Diagnostics;

namespace Memflux.Sweeps;

/// <summary>
/// Runs the points of one shard that the database does not hold yet and records each as it finishes. A rerun of the same
/// sweep therefore skips what is done, and a point that was running when the process died runs again from the start.
/// A point that takes longer than <see cref="CommitInterval"/> is committed on its own the moment it finishes; faster
/// points (cost-only sweeps run hundreds per second, and a commit costs 1.5–40 ms on this machine's disk) are committed
/// together once that interval has passed, each point still whole or absent.
/// </summary>
public static class SweepRunner
{
    /// <summary>The longest a finished point waits for its commit.</summary>
    public static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How far a run has come: points done of those this shard had to run, and the last one's wall time.</summary>
    public readonly record struct Progress(int Done, int ToRun, int Skipped, TimeSpan Elapsed, SweepPoint? Last)
    {
        /// <summary>Estimated time left, from the mean time of the points finished so far (null before the first).</summary>
        public TimeSpan? Remaining => Done == 0 ? null : Elapsed / Done * (ToRun - Done);
    }

    /// <summary>What a run did.</summary>
    public sealed record Summary(int InShard, int Skipped, int Ran, TimeSpan Elapsed);

    /// <summary>
    /// Runs <paramref name="points"/> that belong to <paramref name="shard"/> and are not in <paramref name="store"/>.
    /// <paramref name="run"/> computes one point's figures.
    /// </summary>
    public static Summary Run(
        IReadOnlyList<SweepPoint> points,
        Shard shard,
        ResultsStore store,
        string memfluxVersion,
        Func<SweepPoint, IReadOnlyList<SweepFigure>> run,
        Action<Progress>? progress = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var finished = store.FinishedIds();
        var mine = points.Where(p => shard.Contains(p.Index)).ToList();
        var todo = mine.Where(p => !finished.Contains(p.Id)).ToList();
        int skipped = mine.Count - todo.Count;
        var clock = Stopwatch.StartNew();
        var pending = new List<StoredPoint>();
        var lastCommit = TimeSpan.Zero;
        progress?.Invoke(new Progress(0, todo.Count, skipped, TimeSpan.Zero, null));
        try
        {
            for (int i = 0; i < todo.Count; i++)
            {
                cancel.ThrowIfCancellationRequested();
                var point = todo[i];
                long start = Stopwatch.GetTimestamp();
                var figures = run(point);
                pending.Add(ResultsStore.ToStored(point, memfluxVersion, Stopwatch.GetElapsedTime(start).TotalSeconds, figures));
                if (clock.Elapsed - lastCommit >= CommitInterval || i == todo.Count - 1)
                {
                    store.Record(pending);
                    pending.Clear();
                    lastCommit = clock.Elapsed;
                    progress?.Invoke(new Progress(i + 1, todo.Count, skipped, clock.Elapsed, point));
                }
            }
        }
        catch (Exception) when (pending.Count > 0)
        {
            // A point failed (or the run was cancelled): keep the points that did finish.
            store.Record(pending);
            throw;
        }

        return new Summary(mine.Count, skipped, todo.Count, clock.Elapsed);
    }
}
