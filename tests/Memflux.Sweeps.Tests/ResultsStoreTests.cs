using System.Text.Json.Nodes;
using Memflux.Numerics;

namespace Memflux.Sweeps.Tests;

public sealed class ResultsStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memflux-sweep-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SweepPoint Point(int index, string config) =>
        new(index, PointId.Of(config, "test"), config, new Dictionary<string, JsonNode?> { ["adc_bits"] = index });

    private static SweepFigure[] Figures(double accuracy) =>
        [new("accuracy", 1, accuracy, accuracy - 0.01, accuracy + 0.01), new("accuracy", 86400, accuracy - 0.02), new("area_mm2", null, 12.5)];

    [Fact]
    public void A_recorded_point_survives_reopening_and_is_recorded_once()
    {
        string path = Path.Combine(_dir, "r.db");
        var point = Point(0, "{\"a\":1}");
        using (var store = ResultsStore.Open(path))
        {
            Assert.Empty(store.FinishedIds());
            Assert.True(store.Record(point, "test", 1.5, Figures(0.9)));
            Assert.False(store.Record(point, "test", 1.5, Figures(0.9)));
        }

        using var reopened = ResultsStore.Open(path, readOnly: true);
        var stored = Assert.Single(reopened.Points());
        Assert.Equal(point.Id, stored.Id);
        Assert.Equal(Figures(0.9), stored.Figures);
        Assert.Equal(0, (int)stored.Settings["adc_bits"]!);
        Assert.Equal(12.5, stored.Figure("area_mm2")!.Value);
        Assert.Equal(0.88, stored.Figure("accuracy", 86400)!.Value);
    }

    [Fact]
    public void A_transaction_left_open_by_a_killed_writer_leaves_no_point()
    {
        string path = Path.Combine(_dir, "r.db");
        using (var store = ResultsStore.Open(path))
        {
            store.Record(Point(0, "{\"a\":0}"), "test", 1, Figures(0.5));
        }

        // A writer that dies between BEGIN and COMMIT: its connection goes away without committing.
        using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            raw.Open();
            using var transaction = raw.BeginTransaction();
            using var insert = raw.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO points(id, idx, settings, config, memflux_version, wall_s, finished_utc) VALUES ('x', 1, '{}', '{}', 'test', 0, '')";
            insert.ExecuteNonQuery();
        }

        using var reopened = ResultsStore.Open(path);
        Assert.Equal([Point(0, "{\"a\":0}").Id], reopened.FinishedIds());
    }

    [Fact]
    public void A_killed_writers_leftover_log_is_replayed_when_the_database_is_opened_for_reading()
    {
        // A shard killed mid-run leaves its committed points in the write-ahead log, next to a main file that lacks
        // them (no -shm file: the writer held the exclusive lock). Copying both files while the writer is open is
        // the state a kill leaves.
        string path = Path.Combine(_dir, "live.db");
        string killed = Path.Combine(_dir, "killed.db");
        using (var store = ResultsStore.Open(path))
        {
            store.Record(Point(0, "{\"a\":0}"), "test", 1, Figures(0.5));
            store.Record(Point(1, "{\"a\":1}"), "test", 1, Figures(0.6));
            Assert.True(new FileInfo(path + "-wal").Length > 0, "the writer should be logging");
            Assert.False(File.Exists(path + "-shm"));
            File.Copy(path, killed);
            File.Copy(path + "-wal", killed + "-wal");
        }

        using (var reader = ResultsStore.Open(killed, readOnly: true))
        {
            Assert.Equal([0, 1], reader.Points().Select(p => p.Index));
        }

        // Reading wrote nothing but the replayed log: the file is self-contained again and reopens with both points.
        Assert.False(File.Exists(killed + "-wal"));
        using var again = ResultsStore.Open(killed, readOnly: true);
        Assert.Equal(2, again.Points().Count);
    }

    [Fact]
    public void Merging_is_idempotent_and_keeps_every_point_once()
    {
        string a = Path.Combine(_dir, "a.db"), b = Path.Combine(_dir, "b.db"), all = Path.Combine(_dir, "all.db");
        using (var store = ResultsStore.Open(a))
        {
            store.Record(Point(0, "{\"p\":0}"), "test", 1, Figures(0.1));
            store.Record(Point(2, "{\"p\":2}"), "test", 1, Figures(0.3));
        }

        using (var store = ResultsStore.Open(b))
        {
            store.Record(Point(1, "{\"p\":1}"), "test", 1, Figures(0.2));
            store.Record(Point(2, "{\"p\":2}"), "test", 1, Figures(0.3));
        }

        using var merged = ResultsStore.Open(all);
        Assert.Equal((2, 0), merged.MergeFrom(a));
        Assert.Equal((1, 1), merged.MergeFrom(b));
        Assert.Equal((0, 2), merged.MergeFrom(a));
        Assert.Equal([0, 1, 2], merged.Points().Select(p => p.Index));
        Assert.Equal(3 * 3, merged.Points().Sum(p => p.Figures.Count));
    }

    [Fact]
    public void Merging_a_point_whose_figures_differ_is_an_error_naming_both_files()
    {
        string a = Path.Combine(_dir, "a.db"), b = Path.Combine(_dir, "b.db");
        using (var store = ResultsStore.Open(a))
        {
            store.Record(Point(0, "{\"p\":0}"), "test", 1, Figures(0.1));
        }

        using (var store = ResultsStore.Open(b))
        {
            store.Record(Point(0, "{\"p\":0}"), "test", 2, Figures(0.1000001));
        }

        using var merged = ResultsStore.Open(a);
        var error = Assert.Throws<MemfluxException>(() => merged.MergeFrom(b));
        Assert.Contains(b, error.Message, StringComparison.Ordinal);
        Assert.Contains(a, error.Message, StringComparison.Ordinal);
        Assert.Single(merged.Points());
    }

    [Fact]
    public void Files_that_are_not_sweep_databases_are_refused_by_name()
    {
        string text = Path.Combine(_dir, "notes.db");
        File.WriteAllText(text, "not a database at all, just some text that is long enough to have a header");
        Assert.Contains("notes.db", Assert.Throws<MemfluxException>(() => ResultsStore.Open(text)).Message, StringComparison.Ordinal);

        string other = Path.Combine(_dir, "other.db");
        using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={other};Pooling=False"))
        {
            raw.Open();
            using var create = raw.CreateCommand();
            create.CommandText = "CREATE TABLE t(x)";
            create.ExecuteNonQuery();
        }

        Assert.Contains("not a Memflux sweep database", Assert.Throws<MemfluxException>(() => ResultsStore.Open(other)).Message, StringComparison.Ordinal);
        Assert.Contains("folder", Assert.Throws<MemfluxException>(() => ResultsStore.Open(_dir)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<MemfluxException>(() => ResultsStore.Open(Path.Combine(_dir, "none", "x.db"))).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<MemfluxException>(() => ResultsStore.Open(Path.Combine(_dir, "absent.db"), readOnly: true)).Message, StringComparison.Ordinal);
    }
}
