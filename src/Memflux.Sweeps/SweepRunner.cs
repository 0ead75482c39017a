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
    /// <paramref name="run"/> computes one point's figures; with <paramref name="parallelism"/> above one it is called
    /// from that many threads at once, on consecutive groups of points that are then recorded in index order.
    /// <paramref name="cost"/> estimates a point's cost to balance the shards by (<see cref="Shard.Select"/>; null: by index).
    /// </summary>
    public static Summary Run(
        IReadOnlyList<SweepPoint> points,
        Shard shard,
        ResultsStore store,
        string memfluxVersion,
        Func<SweepPoint, IReadOnlyList<SweepFigure>> run,
        Action<Progress>? progress = null,
        int parallelism = 1,
        Func<SweepPoint, double>? cost = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var finished = store.FinishedIds();
        var mine = shard.Select(points, cost);
        var todo = mine.Where(p => !finished.Contains(p.Id)).ToList();
        int skipped = mine.Count - todo.Count;
        var clock = Stopwatch.StartNew();
        var pending = new List<StoredPoint>();
        var lastCommit = TimeSpan.Zero;
        progress?.Invoke(new Progress(0, todo.Count, skipped, TimeSpan.Zero, null));

        // One point at a time, or a group per core and a few more so that uneven points even out.
        int group = parallelism == 1 ? 1 : parallelism * GroupPerThread;
        var done = new StoredPoint?[group];
        try
        {
            for (int first = 0; first < todo.Count; first += group)
            {
                cancel.ThrowIfCancellationRequested();
                int count = Math.Min(group, todo.Count - first);
                Array.Clear(done);
                if (count == 1)
                {
                    done[0] = RunOne(todo[first]);
                }
                else
                {
                    RunGroup(todo, first, count, done, parallelism, RunOne, cancel);
                }

                pending.AddRange(done.Take(count).Select(d => d!));
                int through = first + count;
                if (clock.Elapsed - lastCommit >= CommitInterval || through == todo.Count)
                {
                    store.Record(pending);
                    pending.Clear();
                    lastCommit = clock.Elapsed;
                    progress?.Invoke(new Progress(through, todo.Count, skipped, clock.Elapsed, todo[through - 1]));
                }
            }
        }
        catch (Exception) when (pending.Count > 0 || done.Any(d => d is not null))
        {
            // A point failed (or the run was cancelled): keep the points that did finish.
            pending.AddRange(done.Where(d => d is not null && !pending.Contains(d)).Select(d => d!));
            store.Record(pending);
            throw;
        }

        return new Summary(mine.Count, skipped, todo.Count, clock.Elapsed);

        StoredPoint RunOne(SweepPoint point)
        {
            long start = Stopwatch.GetTimestamp();
            var figures = run(point);
            return ResultsStore.ToStored(point, memfluxVersion, Stopwatch.GetElapsedTime(start).TotalSeconds, figures);
        }
    }

    /// <summary>Points per thread in one parallel group.</summary>
    private const int GroupPerThread = 16;

    /// <summary>
    /// Runs <paramref name="count"/> points from <paramref name="first"/> on <paramref name="parallelism"/> threads into
    /// <paramref name="done"/>; a failure of one point is rethrown as itself (the lowest-index failure), after the others ran.
    /// </summary>
    private static void RunGroup(List<SweepPoint> todo, int first, int count, StoredPoint?[] done, int parallelism, Func<SweepPoint, StoredPoint> runOne, CancellationToken cancel)
    {
        var failures = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancel }, i =>
        {
            try
            {
                done[i] = runOne(todo[first + i]);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });

        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
