namespace Memflux.Sweeps.Tests;

public sealed class SweepRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-sweep-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IReadOnlyList<SweepPoint> Points() =>
        SweepSpec.Parse("""{ "experiment": { "m": "x" }, "axes": { "a": [1, 2, 3], "b": [10, 20] } }""", "s.json", _ => "")
            .Expand("test", e => e);

    private static SweepFigure[] Figures(SweepPoint p) => [new("value", null, p.Config.Length + p.Index)];

    [Fact]
    public void A_rerun_skips_finished_points_and_a_failed_point_runs_again()
    {
        string path = Path.Combine(_dir, "r.db");
        var points = Points();
        var ran = new List<int>();
        using (var store = ResultsStore.Open(path))
        {
            // Point 3 fails: the points that finished before it are kept, point 3 is not recorded.
            Assert.Throws<InvalidOperationException>(() => SweepRunner.Run(points, Shard.Whole, store, "test", p =>
            {
                ran.Add(p.Index);
                return p.Index == 3 ? throw new InvalidOperationException("killed") : Figures(p);
            }));
        }

        using (var store = ResultsStore.Open(path))
        {
            var recorded = store.Points().Select(p => p.Index).ToArray();
            Assert.Equal([0, 1, 2], recorded);
            ran.Clear();
            var summary = SweepRunner.Run(points, Shard.Whole, store, "test", p => { ran.Add(p.Index); return Figures(p); });
            Assert.Equal(recorded.Length, summary.Skipped);
            Assert.Equal(Enumerable.Range(0, 6).Except(recorded), ran);
            Assert.Equal(Enumerable.Range(0, 6), store.Points().Select(p => p.Index));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Shards_merged_equal_one_local_run(bool byCost)
    {
        var points = Points();
        string local = Path.Combine(_dir, "local.db"), all = Path.Combine(_dir, "all.db");
        using (var store = ResultsStore.Open(local))
        {
            SweepRunner.Run(points, Shard.Whole, store, "test", Figures);
        }

        // By cost, point 0 costs as much as the rest together: it gets a shard of its own.
        Func<SweepPoint, double>? cost = byCost ? p => p.Index == 0 ? 100 : 1 : null;
        for (int i = 0; i < 4; i++)
        {
            using var store = ResultsStore.Open(Path.Combine(_dir, $"shard-{i}.db"));
            var summary = SweepRunner.Run(points, new Shard(i, 4), store, "test", Figures, cost: cost);
            Assert.Equal(byCost ? new[] { 1, 2, 2, 1 }[i] : points.Count(p => p.Index % 4 == i), summary.Ran);
        }

        using var merged = ResultsStore.Open(all);
        for (int i = 0; i < 4; i++)
        {
            merged.MergeFrom(Path.Combine(_dir, $"shard-{i}.db"));
        }

        using var reference = ResultsStore.Open(local);
        Assert.Equal(reference.Points().Select(p => (p.Id, p.Index, p.Config, Figures: string.Join(";", p.Figures))),
            merged.Points().Select(p => (p.Id, p.Index, p.Config, Figures: string.Join(";", p.Figures))));
    }
}
