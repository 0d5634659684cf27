using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Storage;

/// <summary>
/// The app's SQLite database: opens pooled connections with WAL, foreign keys and a busy timeout, and brings the
/// schema up to date (versioned migrations per module) before the first connection is handed out.
/// </summary>
public sealed partial class AppDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly IReadOnlyList<DatabaseMigration> _migrations;
    private readonly ILogger<AppDatabase> _logger;
    private readonly string _connectionPragmas;
    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private volatile bool _migrated;

    /// <summary>Creates the database handle; nothing touches the disk until the first <see cref="OpenAsync"/>.</summary>
    public AppDatabase(IOptions<DatabaseOptions> options, IEnumerable<DatabaseMigration> migrations, ILogger<AppDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        FilePath = System.IO.Path.GetFullPath(value.Path);
        _connectionPragmas = $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {(int)value.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;" +
            (value.MaxPageCount is { } pages ? $" PRAGMA max_page_count = {pages};" : "");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)value.BusyTimeout.TotalSeconds),
        }.ToString();
        _migrations = migrations.OrderBy(m => m.Module, StringComparer.Ordinal).ThenBy(m => m.Version).ToList();
        _logger = logger;
    }

    /// <summary>The database file's absolute path.</summary>
    public string FilePath { get; }

    /// <summary>Opens a connection, migrating the schema first if this is the first one.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_migrated && !File.Exists(FilePath))
        {
            // Pooled connections would go on writing into the deleted file's inode, losing every write.
            LogFileVanished(FilePath);
            Recover();
        }

        if (!_migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Per-connection settings: SQLite does not persist these.
            await connection.ExecuteAsync(_connectionPragmas).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _migrationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated)
            {
                return;
            }

            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(FilePath)!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SqliteException($"the database folder cannot be created: {ex.Message}", SQLitePCL.raw.SQLITE_CANTOPEN);
            }

            await using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);

            // WAL is a property of the file: set once, kept. Readers then never block the writer.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;").ConfigureAwait(false);
            await connection.ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    module     TEXT    NOT NULL,
                    version    INTEGER NOT NULL,
                    applied_at TEXT    NOT NULL,
                    PRIMARY KEY (module, version)
                );
                """).ConfigureAwait(false);

            foreach (var migration in _migrations)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
                var applied = await connection.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM schema_migrations WHERE module = @Module AND version = @Version", migration, transaction).ConfigureAwait(false);
                if (applied == 0)
                {
                    await connection.ExecuteAsync(migration.Sql, transaction: transaction).ConfigureAwait(false);
                    await connection.ExecuteAsync(
                        "INSERT INTO schema_migrations (module, version, applied_at) VALUES (@Module, @Version, @AppliedAt)",
                        new { migration.Module, migration.Version, AppliedAt = DateTimeOffset.UtcNow.ToString("O") }, transaction).ConfigureAwait(false);
                    LogMigrated(migration.Module, migration.Version, FilePath);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _migrated = true;
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    /// <summary>
    /// After a storage failure (a corrupt, replaced, deleted or read-only file): drops the pooled connections so the
    /// next call opens the file afresh and checks its schema again. Cheap, so callers may call it on any failure.
    /// </summary>
    public void Recover()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _migrated = false;
    }

    /// <summary>The stable code and a message for a SQLite failure, for the caller of an element method.</summary>
    public static (string Code, string Message) Describe(SqliteException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.SqliteErrorCode switch
        {
            SQLitePCL.raw.SQLITE_READONLY => ("database_read_only", "the app's database cannot be written (read-only file or folder)"),
            SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED => ("database_busy", "the app's database stayed locked by another process past the busy timeout; try again"),
            SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB => ("database_corrupt", "the app's database file is damaged or not a SQLite database"),
            SQLitePCL.raw.SQLITE_FULL => ("database_full", "the app's database is full (disk full or size cap reached)"),
            _ => ("database_unavailable", $"the app's database failed (SQLite error {exception.SqliteErrorCode})"),
        };
    }

    /// <summary>
    /// Closes the database cleanly: folds the WAL back into the file, then closes the pooled connections so that the
    /// file is released (shutdown, test clean-up).
    /// </summary>
    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            if (_migrated)
            {
                try
                {
                    connection.Open();
                    connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
                }
                catch (SqliteException)
                {
                    // Another process may hold the database; the WAL stays valid and is folded in later.
                }
            }

            SqliteConnection.ClearPool(connection);
        }

        _migrationGate.Dispose();
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Database file {Database} disappeared while in use; a new, empty one is created")]
    private partial void LogFileVanished(string database);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Applied migration {Module} v{Version} to {Database}")]
    private partial void LogMigrated(string module, int version, string database);
}
