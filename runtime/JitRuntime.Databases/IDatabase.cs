using System.Data.Common;
using JitRuntime.Calls;
using JitRuntime.Types;

namespace JitRuntime.Databases;

/// <summary>
/// The databases family (<c>databases.Meta</c>): what every database element is. Element families reach storage only
/// through this contract (usually through <see cref="AppDatabase"/>, the app's default one), never through an
/// engine's types; a new engine is one more Type that implements it.
/// </summary>
[ElementMeta(MetaName)]
public interface IDatabase
{
    /// <summary>The Meta's fullName.</summary>
    public const string MetaName = "databases.Meta";

    /// <summary>The database element's fullName (<c>databases.Default</c>), or a description of the implicit database.</summary>
    string FullName { get; }

    /// <summary>The engine, as migrations name it: <c>sqlite</c> or <c>postgresql</c>.</summary>
    string Engine { get; }

    /// <summary>What the engine spells its own way (insert-or-ignore, upsert, returning, key and binary types): see <see cref="Sql.SqlDialect"/>.</summary>
    Sql.SqlDialect Dialect { get; }

    /// <summary>Where the data lives, for logs and errors: a file path, or host, port and database (never a password).</summary>
    string Location { get; }

    /// <summary>
    /// True for an engine that several nodes of an app share over the network (PostgreSQL), false for an embedded one
    /// (SQLite): what lives in a shared database, and in its backups, is exposed to more places.
    /// </summary>
    bool SharedByNodes { get; }

    /// <summary>Opens a pooled connection.</summary>
    /// <exception cref="ElementCallException">The database cannot be reached (<c>database_unavailable</c>, ...), naming this element.</exception>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for this process's turn to write, before <see cref="BeginWriteAsync"/>, for engines with one writer (SQLite
    /// queues its writers here instead of in its busy handler); disposing the turn ends it. Null (the default): no queue.
    /// </summary>
    ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>
    /// Begins a transaction for writes that belong together. It holds the engine's write lock from its first
    /// statement where the engine needs that (SQLite <c>BEGIN IMMEDIATE</c>), so read-then-write cannot deadlock.
    /// </summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies the pending <paramref name="migrations"/> once, safe against other processes migrating the same
    /// database at the same moment (one migrates, the others wait and then see the result).
    /// </summary>
    Task MigrateAsync(IReadOnlyList<DatabaseMigration> migrations, CancellationToken cancellationToken = default);

    /// <summary>
    /// The coded error for a failure of this engine (read-only, locked, unreachable, ...), or null when
    /// <paramref name="exception"/> is not this engine's. Also resets what the failure may have broken (pooled
    /// connections), so the next call starts afresh.
    /// </summary>
    ElementCallException? Fault(Exception exception);
}
