using System.Data.Common;
using JitRuntime.Apps;
using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using JitRuntime.Databases.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Databases;

/// <summary>
/// The app's default database: the element <c>settings.defaultElement.defaultDatabase</c> names (looked up in the app
/// serving now, so an edited database element takes effect on reload), or the implicit SQLite file at
/// <c>Database:Path</c>. The runtime's own tables (every module's migrations) live here and are brought up to date
/// before the first connection is handed out.
/// </summary>
public sealed class AppDatabase : IDisposable
{
    private readonly CurrentApp _currentApp;
    private readonly IOptionsMonitor<DefaultElementOptions> _defaults;
    private readonly IReadOnlyList<DatabaseMigration> _migrations;
    private readonly Lazy<SqliteDatabase> _implicit;

    // The app whose app.json was last read for its default database, with the name it gives (one read per loaded app).
    private NamedDefault? _named;

    /// <summary>Creates the handle; nothing is opened until the first call.</summary>
    public AppDatabase(CurrentApp currentApp, IOptionsMonitor<DefaultElementOptions> defaults, IOptions<DatabaseOptions> implicitDatabase,
        IEnumerable<DatabaseMigration> migrations, ILogger<SqliteDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(implicitDatabase);
        _currentApp = currentApp;
        _defaults = defaults;
        _migrations = migrations.ToList();
        _implicit = new Lazy<SqliteDatabase>(() => new SqliteDatabase(
            $"the implicit SQLite database ({DatabaseOptions.SectionName}:Path)", implicitDatabase.Value.Path, implicitDatabase.Value, logger));
    }

    /// <summary>The migrations of every registered module.</summary>
    public IReadOnlyList<DatabaseMigration> Migrations => _migrations;

    /// <summary>The database the runtime's tables live in now.</summary>
    /// <exception cref="ElementCallException"><c>database_not_configured</c>: the setting names no usable database element.</exception>
    public IDatabase Current
    {
        get
        {
            var app = _currentApp.App;
            if (DefaultDatabaseName(app) is not { Length: > 0 } name)
            {
                return _implicit.Value;
            }

            if (app is null)
            {
                throw NotConfigured(name, "no app is loaded yet");
            }

            try
            {
                return app.GetElement<IDatabase>(name);
            }
            catch (JitRuntimeException ex)
            {
                throw NotConfigured(name, ex.Message);
            }
        }
    }

    /// <summary>Opens a connection to the default database, migrating its tables first if this is the first one.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        (await OpenMigratedAsync(cancellationToken).ConfigureAwait(false)).Connection;

    /// <summary>Opens a connection and begins a write transaction on it (see <see cref="IDatabase.BeginWriteAsync"/>).</summary>
    public async Task<DatabaseWrite> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        // One span per write transaction, from opening to disposal (a child of the element call's span).
        var activity = JitTelemetry.Source.StartActivity("db.transaction", System.Diagnostics.ActivityKind.Client);
        try
        {
            var (database, connection) = await OpenMigratedAsync(cancellationToken).ConfigureAwait(false);
            activity?.SetTag("db.system", database.Engine).SetTag("jit.element", database.FullName);
            IDisposable? turn = null;
            try
            {
                turn = await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
                return new DatabaseWrite(connection, await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false), activity, turn);
            }
            catch
            {
                turn?.Dispose();
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch (Exception ex)
        {
            // Not Fault(ex): the dispatch classifies (and counts) this exception once when it reaches the caller.
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            activity?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The coded error for a failure of the default database's engine, or null when <paramref name="exception"/> is not
    /// its engine's or no default database can be resolved (then nothing here can say what the exception is).
    /// </summary>
    public ElementCallException? Fault(Exception exception)
    {
        IDatabase current;
        try
        {
            current = Current;
        }
        catch (ElementCallException)
        {
            return null;
        }

        var fault = current.Fault(exception);
        if (fault is not null)
        {
            DatabasesTelemetry.Faults.Add(1, new KeyValuePair<string, object?>("jit.outcome", fault.Code));
        }

        return fault;
    }

    /// <summary>Closes the implicit database cleanly (database elements are closed with the app).</summary>
    public void Dispose()
    {
        if (_implicit.IsValueCreated)
        {
            _implicit.Value.Dispose();
        }
    }

    /// <summary>The default database, its tables up to date, and a connection to it: both from one resolution.</summary>
    private async Task<(IDatabase Database, DbConnection Connection)> OpenMigratedAsync(CancellationToken cancellationToken)
    {
        var database = Current;
        await database.MigrateAsync(_migrations, cancellationToken).ConfigureAwait(false);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        database.Dialect.Attach(connection); // The stores write their SQL in the dialect of the connection they are handed.
        return (database, connection);
    }

    /// <summary>
    /// The database element the app names: the loaded <c>app.json</c>'s <c>settings.defaultElement.defaultDatabase</c>
    /// (what the loader checked, and what a reload changes), else the configured <c>defaultElement:defaultDatabase</c>
    /// (an environment variable, say), else none (the implicit SQLite file).
    /// </summary>
    private string? DefaultDatabaseName(JitApp? app)
    {
        if (app is not null)
        {
            var named = Volatile.Read(ref _named);
            if (named is null || !ReferenceEquals(named.App, app))
            {
                named = new NamedDefault(app, app.Manifest?.Settings?.SelectToken(DefaultElementOptions.DefaultDatabasePath)
                    is Newtonsoft.Json.Linq.JValue { Type: Newtonsoft.Json.Linq.JTokenType.String } value ? (string?)value : null);
                Volatile.Write(ref _named, named);
            }

            if (named.Name is { Length: > 0 } name)
            {
                return name;
            }
        }

        return _defaults.CurrentValue.DefaultDatabase;
    }

    private sealed record NamedDefault(JitApp App, string? Name);

    private static ElementCallException NotConfigured(string name, string why) =>
        new(ElementErrorKind.StorageUnavailable, "database_not_configured",
            $"settings.{DefaultElementOptions.DefaultDatabasePath} names '{name}', which is not a usable database element: {why}");
}
