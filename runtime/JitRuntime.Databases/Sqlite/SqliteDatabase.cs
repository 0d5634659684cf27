using System.Data;
using System.Data.Common;
using Dapper;
using JitRuntime.Calls;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Databases.Sqlite;

/// <summary>
/// A SQLite database file: pooled connections with WAL, foreign keys and a busy timeout; writes under
/// <c>BEGIN IMMEDIATE</c>; migrations under the file's write lock. The implicit database of an app without a database
/// element is one; <see cref="SqliteType"/> elements are others.
/// </summary>
public partial class SqliteDatabase : IDatabase, IDisposable
{
    /// <summary>The engine name migrations use.</summary>
    public const string EngineName = "sqlite";

    private readonly string _connectionString;
    private readonly TimeSpan _busyTimeout;
    private readonly string _connectionPragmas;
    private readonly ILogger _logger;
    private readonly MigrationOnce _migration = new();

    /// <summary>Creates the handle; nothing touches the disk until the first migration or connection.</summary>
    /// <param name="fullName">The database element's fullName, or a description of the implicit database.</param>
    /// <param name="filePath">The database file (absolute).</param>
    /// <param name="options">Busy timeout and size cap.</param>
    /// <param name="logger">Where migrations and faults are logged.</param>
    public SqliteDatabase(string fullName, string filePath, DatabaseOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        FullName = fullName;
        FilePath = Path.GetFullPath(filePath);
        _connectionPragmas = $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;" +
            (options.MaxPageCount is { } pages ? $" PRAGMA max_page_count = {pages};" : "");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        }.ToString();
        _logger = logger;
        _busyTimeout = options.BusyTimeout;
    }

    /// <inheritdoc />
    public string FullName { get; }

    /// <inheritdoc />
    public string Engine => EngineName;

    /// <inheritdoc />
    public Sql.SqlDialect Dialect => SqliteDialect.Instance;

    /// <inheritdoc />
    public string Location => FilePath;

    /// <inheritdoc />
    public bool SharedByNodes => false;

    /// <summary>The database file's absolute path.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
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

    /// <inheritdoc />
    public ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken = default) =>
        SqliteWriterQueue.EnterAsync(FilePath, _busyTimeout, cancellationToken);

    /// <inheritdoc />
    public Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // IMMEDIATE: take the write lock now, so a transaction that reads before it writes never fails to upgrade.
        return Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    /// <inheritdoc />
    public Task MigrateAsync(IReadOnlyList<DatabaseMigration> migrations, CancellationToken cancellationToken = default)
    {
        if (_migration.IsDone && !File.Exists(FilePath))
        {
            // Pooled connections would go on writing into the deleted file's inode, losing every write.
            LogFileVanished(FilePath);
            Recover();
        }

        if (_migration.IsDone)
        {
            return Task.CompletedTask; // The common case: no closure, no gate.
        }

        return _migration.RunAsync(async () =>
        {
            try
            {
                CreateOwnerOnly();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SqliteException($"the database folder cannot be created: {ex.Message}", SQLitePCL.raw.SQLITE_CANTOPEN);
            }

            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);

            // WAL is a property of the file: set once, kept. Readers then never block the writer.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;").ConfigureAwait(false);
            await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (var migration in await MigrationRunner.ApplyAsync(connection, transaction, Dialect, migrations, cancellationToken).ConfigureAwait(false))
            {
                LogMigrated(migration.Module, migration.Version, FullName, FilePath);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// Creates a missing database folder (0700) and file (0600) readable by their owner only: the file holds users and
    /// encrypted secrets. SQLite gives its -wal and -shm files the database file's permissions. Existing ones are left as they are.
    /// </summary>
    private void CreateOwnerOnly()
    {
        var folder = Path.GetDirectoryName(FilePath)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (!File.Exists(FilePath))
        {
            try
            {
                using var file = new FileStream(FilePath, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (File.Exists(FilePath))
            {
                // Another process created it first.
            }
        }
    }

    /// <inheritdoc />
    public ElementCallException? Fault(Exception exception)
    {
        if (exception is not SqliteException sqlite)
        {
            return null;
        }

        Recover();
        var (code, message) = Describe(sqlite);
        return new ElementCallException(ElementErrorKind.StorageUnavailable, code, $"{message} (database '{FullName}')", exception);
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

        _migration.Reset();
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
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the file; see <see cref="Dispose()"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        using (var connection = new SqliteConnection(_connectionString))
        {
            if (_migration.IsDone)
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

        _migration.Dispose();
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Database file {Database} disappeared while in use; a new, empty one is created")]
    private partial void LogFileVanished(string database);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Applied migration {Module} v{Version} to {Element} ({Database})")]
    private partial void LogMigrated(string module, int version, string element, string database);
}
