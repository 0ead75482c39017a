using System.Globalization;
using System.Text.Json.Nodes;
using Memflux.Numerics;
using Microsoft.Data.Sqlite;

namespace Memflux.Sweeps;

/// <summary>
/// A sweep's results in one SQLite file (schema in docs/sweeps.md). A finished point is written in one transaction with
/// its row in <c>points</c> and its rows in <c>figures</c>, so a process killed half-way leaves the point absent, and
/// SQLite undoes a half-written transaction when the file is next opened. The point's id is the primary key: nothing is
/// ever counted twice, in a rerun or a merge. While a writer has the file open it keeps a write-ahead log with an
/// exclusive lock (no shared memory, so it also works on the network file systems clusters use) and syncs at
/// checkpoints, which survives the process being killed though not the machine losing power; on close the file is
/// made self-contained again (rollback journal), so shard databases can be copied and merged.
/// </summary>
public sealed partial class ResultsStore : IDisposable
{
    /// <summary>The schema this build writes and reads.</summary>
    public const int SchemaVersion = 1;

    private readonly SqliteConnection _db;

    private readonly bool _readOnly;

    private ResultsStore(string path, SqliteConnection db, bool readOnly)
    {
        Path = path;
        _db = db;
        _readOnly = readOnly;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The ids of the points already finished.</summary>
    public HashSet<string> FinishedIds()
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT id FROM points";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// Records a finished point and its figures in one transaction. Returns false (and writes nothing) when the point is
    /// already there.
    /// </summary>
    public bool Record(SweepPoint point, string memfluxVersion, double wallSeconds, IReadOnlyList<SweepFigure> figures) =>
        Record([ToStored(point, memfluxVersion, wallSeconds, figures)]) == 1;

    /// <summary>
    /// Records finished points in one transaction (each whole or not at all), skipping any already there; returns how
    /// many were added. <see cref="SweepRunner"/> groups points only when they finish faster than a commit costs.
    /// </summary>
    public int Record(IReadOnlyList<StoredPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        using var transaction = _db.BeginTransaction();
        using var exists = _db.CreateCommand();
        exists.Transaction = transaction;
        exists.CommandText = "SELECT 1 FROM points WHERE id = $id";
        var id = exists.Parameters.Add("$id", SqliteType.Text);
        using var insert = new Inserter(_db, transaction);
        int added = 0;
        foreach (var point in points)
        {
            id.Value = point.Id;
            if (exists.ExecuteScalar() is null)
            {
                insert.Add(point);
                added++;
            }
        }

        transaction.Commit();
        return added;
    }

    /// <summary>A finished point as it will be stored.</summary>
    public static StoredPoint ToStored(SweepPoint point, string memfluxVersion, double wallSeconds, IReadOnlyList<SweepFigure> figures)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(figures);
        var settings = new JsonObject();
        foreach (var (path, value) in point.Settings)
        {
            settings[path] = value?.DeepClone();
        }

        return new StoredPoint(point.Id, point.Index, settings, point.Config, memfluxVersion, wallSeconds, figures);
    }

    /// <summary>Every finished point with its figures, in index order.</summary>
    public IReadOnlyList<StoredPoint> Points()
    {
        var figures = new Dictionary<string, List<SweepFigure>>(StringComparer.Ordinal);
        using (var command = _db.CreateCommand())
        {
            command.CommandText = "SELECT point_id, name, time_s, value, ci_low, ci_high FROM figures ORDER BY rowid";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                string id = reader.GetString(0);
                if (!figures.TryGetValue(id, out var list))
                {
                    figures[id] = list = [];
                }

                list.Add(new SweepFigure(reader.GetString(1), Nullable(reader, 2), Nullable(reader, 3) ?? double.NaN, Nullable(reader, 4), Nullable(reader, 5)));
            }
        }

        var points = new List<StoredPoint>();
        using (var command = _db.CreateCommand())
        {
            command.CommandText = "SELECT id, idx, settings, config, memflux_version, wall_s FROM points ORDER BY idx, id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                string id = reader.GetString(0);
                var settings = JsonNode.Parse(reader.GetString(2)) as JsonObject
                    ?? throw new MemfluxException($"{Path}: point {id} has settings that are not a JSON object.");
                points.Add(new StoredPoint(id, reader.GetInt32(1), settings, reader.GetString(3), reader.GetString(4), reader.GetDouble(5),
                    figures.TryGetValue(id, out var list) ? list : []));
            }
        }

        return points;
    }

    /// <summary>
    /// Adds the points of <paramref name="sourcePath"/> that this database lacks, in one transaction. A point both hold
    /// must carry the same figures bit for bit (a run is deterministic per configuration); a difference is an error
    /// naming both files and the point. Merging the same file twice adds nothing.
    /// </summary>
    public (int Added, int AlreadyPresent) MergeFrom(string sourcePath)
    {
        // Opened writable so that a shard killed mid-run has its log replayed; nothing is written to it.
        using var source = Open(sourcePath);
        var mine = Points().ToDictionary(p => p.Id, StringComparer.Ordinal);
        int added = 0, present = 0;
        using var transaction = _db.BeginTransaction();
        using var insert = new Inserter(_db, transaction);
        foreach (var point in source.Points())
        {
            if (mine.TryGetValue(point.Id, out var existing))
            {
                if (!SameFigures(existing.Figures, point.Figures))
                {
                    throw new MemfluxException($"{sourcePath}: point {point.Index} ({point.Id[..12]}) has figures that differ from the same point in {Path}; a point's results must not depend on where it ran.");
                }

                present++;
                continue;
            }

            insert.Add(point);
            added++;
        }

        transaction.Commit();
        return (added, present);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_readOnly)
        {
            // Checkpoint the log into the file and drop it, so the closed database is one self-contained file.
            try
            {
                Execute(_db, null, "PRAGMA journal_mode = DELETE");
            }
            catch (SqliteException)
            {
                // The data is safe in the log either way; the next open replays it.
            }
        }

        _db.Dispose();
    }

    /// <summary>
    /// The two INSERT statements of a transaction, prepared once and rebound per row: a cost-only sweep writes a point
    /// and its ten figures in well under a millisecond this way.
    /// </summary>
    private sealed class Inserter : IDisposable
    {
        private readonly SqliteCommand _point;
        private readonly SqliteCommand _figure;

        public Inserter(SqliteConnection db, SqliteTransaction transaction)
        {
            _point = db.CreateCommand();
            _point.Transaction = transaction;
            _point.CommandText = "INSERT INTO points(id, idx, settings, config, memflux_version, wall_s, finished_utc) VALUES ($id, $idx, $settings, $config, $version, $wall, $utc)";
            foreach (string name in (string[])["$id", "$idx", "$settings", "$config", "$version", "$wall", "$utc"])
            {
                _point.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _figure = db.CreateCommand();
            _figure.Transaction = transaction;
            _figure.CommandText = "INSERT INTO figures(point_id, name, time_s, value, ci_low, ci_high) VALUES ($id, $name, $time, $value, $low, $high)";
            foreach (string name in (string[])["$id", "$name", "$time", "$value", "$low", "$high"])
            {
                _figure.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        public void Add(StoredPoint point)
        {
            Bind(_point, point.Id, point.Index, point.Settings.ToJsonString(), point.Config, point.MemfluxVersion, point.WallSeconds,
                DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            _point.ExecuteNonQuery();
            foreach (var figure in point.Figures)
            {
                Bind(_figure, point.Id, figure.Name, figure.TimeSeconds, double.IsNaN(figure.Value) ? null : figure.Value, figure.CiLow, figure.CiHigh);
                _figure.ExecuteNonQuery();
            }
        }

        public void Dispose()
        {
            _point.Dispose();
            _figure.Dispose();
        }

        private static void Bind(SqliteCommand command, params object?[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }
    }

    private static bool SameFigures(IReadOnlyList<SweepFigure> a, IReadOnlyList<SweepFigure> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            // Records compare doubles with Equals, so NaN equals NaN and the comparison is bit-for-bit in practice.
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static double? Nullable(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    private static void Execute(SqliteConnection db, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = db.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
