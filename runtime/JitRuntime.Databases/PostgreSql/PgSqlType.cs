using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Dapper;
using JitRuntime.Calls;
using JitRuntime.Elements;
using JitRuntime.Types;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JitRuntime.Databases.PostgreSql;

/// <summary>
/// <c>databases.PgSqlType</c>: a PostgreSQL database that several nodes of an app share. One pooled data source per
/// element instance; migrations serialized across nodes with a transaction-scoped advisory lock; every failure of
/// the server (unreachable, restarted, refusing the password, pool exhausted) is a coded 503 that names the element.
/// </summary>
[ElementType(TypeName, Meta = IDatabase.MetaName, ConfigurationSchema = TypeName + ".config.schema.json")]
public sealed partial class PgSqlType : IDatabase, IAsyncDisposable, IDisposable
{
    /// <summary>The Type's fullName.</summary>
    public const string TypeName = "databases.PgSqlType";

    /// <summary>The engine name migrations use.</summary>
    public const string EngineName = "postgresql";

    /// <summary>The advisory lock every node takes to migrate ("JITMIGR" in ASCII): one migrates, the others wait.</summary>
    private const long MigrationLock = 0x4A_49_54_4D_49_47_52;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PgSqlSettings _settings;
    private readonly ILogger<PgSqlType> _logger;
    private readonly MigrationOnce _migration = new();

    /// <summary>Binds the element's configuration; nothing connects until the first call.</summary>
    public PgSqlType(ElementContext context, ILogger<PgSqlType> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        FullName = context.FullName;
        _settings = context.Bind<PgSqlSettings>();
        _logger = logger;
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = _settings.Host,
            Port = _settings.Port,
            Database = _settings.Dbname,
            Username = _settings.User,
            Password = _settings.Password,
            MaxPoolSize = _settings.MaxPoolSize,
            MinPoolSize = _settings.MinPoolSize,
            Timeout = _settings.Timeout,
            CommandTimeout = _settings.CommandTimeout,
            ApplicationName = "jit " + FullName,
        };
        if (_settings.SslMode is { } ssl)
        {
            builder.SslMode = Enum.Parse<SslMode>(ssl, ignoreCase: true);
        }

        _dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <inheritdoc />
    public string FullName { get; }

    /// <inheritdoc />
    public string Engine => EngineName;

    /// <inheritdoc />
    public Sql.SqlDialect Dialect => PgSqlDialect.Instance;

    /// <inheritdoc />
    public string Location => $"{_settings.Host}:{_settings.Port}/{_settings.Dbname}";

    /// <inheritdoc />
    public bool SharedByNodes => true;

    /// <inheritdoc />
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Fault(ex) is { } coded)
        {
            throw coded;
        }
    }

    /// <inheritdoc />
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // Read committed: single use holds because every redemption is one conditional UPDATE, which re-checks its
        // WHERE clause against the committed row when it waited for another transaction's lock.
        return await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task MigrateAsync(IReadOnlyList<DatabaseMigration> migrations, CancellationToken cancellationToken = default) =>
        _migration.IsDone ? Task.CompletedTask : MigrateOnceAsync(migrations, cancellationToken);

    private Task MigrateOnceAsync(IReadOnlyList<DatabaseMigration> migrations, CancellationToken cancellationToken) => _migration.RunAsync(async () =>
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);

        // Nodes starting together on an empty database: one migrates, the others wait here and then find it done.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@MigrationLock)", new { MigrationLock }, transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var migration in await MigrationRunner.ApplyAsync(connection, transaction, Dialect, migrations, cancellationToken).ConfigureAwait(false))
        {
            LogMigrated(migration.Module, migration.Version, FullName, Location);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }, cancellationToken);

    /// <inheritdoc />
    public ElementCallException? Fault(Exception exception)
    {
        var (code, message) = exception switch
        {
            PostgresException pg => Describe(pg),
            NpgsqlException { InnerException: TimeoutException } =>
                ("database_busy", $"no free connection to PostgreSQL at {Location} within {_settings.Timeout} s (pool of {_settings.MaxPoolSize} exhausted); try again"),
            NpgsqlException { InnerException: SocketException or IOException } or NpgsqlException { IsTransient: true } =>
                ("database_unavailable", $"PostgreSQL at {Location} cannot be reached or closed the connection; try again"),
            NpgsqlException other => ("database_unavailable", $"PostgreSQL at {Location} failed: {other.Message}"),
            _ => default,
        };
        if (code is null)
        {
            return null;
        }

        if (code == "database_unavailable")
        {
            // A restarted server left every idle pooled connection dead: drop them rather than fail once per connection.
            _dataSource.Clear();
        }

        LogFault(FullName, code, exception.GetType().Name);
        return new ElementCallException(ElementErrorKind.StorageUnavailable, code, $"{message} (database '{FullName}')", exception);
    }

    private (string? Code, string? Message) Describe(PostgresException exception) => exception.SqlState switch
    {
        PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
            ("database_login_failed", $"PostgreSQL at {Location} refused user '{_settings.User}': {exception.MessageText}; check the user and password in the element's configuration"),
        PostgresErrorCodes.InvalidCatalogName =>
            ("database_not_found", $"PostgreSQL at {_settings.Host}:{_settings.Port} has no database '{_settings.Dbname}'; create it or correct dbname"),
        PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable =>
            ("database_busy", $"PostgreSQL at {Location} is busy ({exception.SqlState}); try again"),
        PostgresErrorCodes.DiskFull => ("database_full", $"PostgreSQL at {Location} is out of disk space"),
        PostgresErrorCodes.ReadOnlySqlTransaction => ("database_read_only", $"PostgreSQL at {Location} accepts no writes (a read-only server or replica)"),
        _ when exception.SqlState.StartsWith("08", StringComparison.Ordinal) || exception.SqlState.StartsWith("57", StringComparison.Ordinal)
            || exception.SqlState.StartsWith("53", StringComparison.Ordinal) || exception.SqlState.StartsWith("58", StringComparison.Ordinal) =>
            ("database_unavailable", $"PostgreSQL at {Location} is unavailable ({exception.SqlState}: {exception.MessageText}); try again"),

        // Anything else is a bug of the SQL, not a fault of the server: let it surface as one.
        _ => default,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _migration.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _dataSource.Dispose();
        _migration.Dispose();
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Applied migration {Module} v{Version} to {Element} ({Database})")]
    private partial void LogMigrated(string module, int version, string element, string database);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Database {Element}: {Code} ({Exception})")]
    private partial void LogFault(string element, string code, string exception);
}
