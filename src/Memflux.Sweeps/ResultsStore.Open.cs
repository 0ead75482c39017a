using System.Globalization;
using Memflux.Numerics;
using Microsoft.Data.Sqlite;

namespace Memflux.Sweeps;

/// <summary>Opening a results database: the file checks, the schema of a new one, the version of an existing one.</summary>
public sealed partial class ResultsStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS points(
            id TEXT PRIMARY KEY,
            idx INTEGER NOT NULL,
            settings TEXT NOT NULL,
            config TEXT NOT NULL,
            memflux_version TEXT NOT NULL,
            wall_s REAL NOT NULL,
            finished_utc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS figures(
            point_id TEXT NOT NULL REFERENCES points(id),
            name TEXT NOT NULL,
            time_s REAL,
            value REAL,
            ci_low REAL,
            ci_high REAL);
        CREATE INDEX IF NOT EXISTS figures_point ON figures(point_id);
        """;

    /// <summary>
    /// Opens <paramref name="path"/>, creating it (and its schema) when absent. An existing file must be a Memflux sweep
    /// database of this schema version; anything else is refused naming the file. With <paramref name="readOnly"/> the
    /// file must exist and nothing is recorded, but a write-ahead log a killed writer left is replayed into it.
    /// </summary>
    public static ResultsStore Open(string path, bool readOnly = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? kind = path.Length == 0 ? null : SafeFile.FileKind(System.IO.Path.GetFullPath(path));
        if (kind is null)
        {
            if (readOnly)
            {
                throw new MemfluxException($"{path}: the sweep database does not exist.");
            }

            SafeFile.CheckTarget(path, "the sweep database");
        }
        else if (kind != "regular file")
        {
            throw new MemfluxException($"{path}: the sweep database is a {kind}; expected a regular file.");
        }

        try
        {
            return OpenConnection(path, readOnly ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate, kind is null, readOnly);
        }
        catch (MemfluxException) when (readOnly && !CanWrite(path))
        {
            // A file the user may only read: no log can be replayed, so one left by a killed writer is an error here.
            return OpenConnection(path, SqliteOpenMode.ReadOnly, fresh: false, readOnly);
        }
    }

    private static bool CanWrite(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Opens the connection. A database opened for reading is still opened writable when the file allows it: a shard
    /// killed mid-run leaves committed points in its write-ahead log without the shared-memory file a read-only
    /// connection needs to read one, and opening it writable replays the log; it is then checkpointed into the file
    /// (journal mode back to DELETE), which writes nothing else.
    /// </summary>
    private static ResultsStore OpenConnection(string path, SqliteOpenMode mode, bool fresh, bool readOnly)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
        };
        var db = new SqliteConnection(builder.ToString());
        try
        {
            db.Open();
            fresh = fresh || new FileInfo(path).Length == 0;
            if (fresh && !readOnly)
            {
                Execute(db, null, Schema);
                Execute(db, null, "INSERT INTO meta(key, value) VALUES ('schema_version', $v)", ("$v", SchemaVersion.ToString(CultureInfo.InvariantCulture)));
            }

            CheckSchema(db, path);
            if (!readOnly)
            {
                Execute(db, null, "PRAGMA locking_mode = EXCLUSIVE");
                Execute(db, null, "PRAGMA journal_mode = WAL");
                Execute(db, null, "PRAGMA synchronous = NORMAL");
            }
            else if (mode == SqliteOpenMode.ReadWrite)
            {
                Execute(db, null, "PRAGMA journal_mode = DELETE");
            }

            return new ResultsStore(path, db, readOnly);
        }
        catch (SqliteException e)
        {
            db.Dispose();
            throw new MemfluxException($"{path}: not a readable SQLite database ({e.Message}).", e);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    private static void CheckSchema(SqliteConnection db, string path)
    {
        using var command = db.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = 'schema_version'";
        object? version;
        try
        {
            version = command.ExecuteScalar();
        }
        catch (SqliteException)
        {
            throw new MemfluxException($"{path}: not a Memflux sweep database (it has no meta table).");
        }

        string expected = SchemaVersion.ToString(CultureInfo.InvariantCulture);
        if (version as string != expected)
        {
            throw new MemfluxException($"{path}: sweep database schema version {version ?? "(none)"}; this Memflux reads version {expected}.");
        }
    }
}
