using System.Data;
using System.Runtime.CompilerServices;

namespace JitRuntime.Databases.Sql;

/// <summary>
/// What differs between SQL engines, as part of the database contract (<see cref="IDatabase.Dialect"/>): a family's
/// stores and migrations write each statement once with these pieces, and a new engine brings its own dialect. The
/// defaults are the SQL that SQLite and PostgreSQL share (<c>ON CONFLICT</c>, <c>RETURNING</c>, <c>excluded.</c>); an
/// engine overrides what it spells otherwise (MySQL: <c>INSERT IGNORE</c>, <c>ON DUPLICATE KEY UPDATE</c>).
/// Parameters are Dapper's <c>@name</c> on every engine.
/// </summary>
public abstract class SqlDialect
{
    // The dialect of each connection the app's database opened: stores find it from the connection they are handed.
    private static readonly ConditionalWeakTable<IDbConnection, SqlDialect> Opened = new();

    /// <summary>The engine's name, as migrations are keyed (<see cref="IDatabase.Engine"/>).</summary>
    public abstract string Engine { get; }

    /// <summary>A 64-bit integer primary key the database assigns on insert (a column definition without the name).</summary>
    public abstract string IdentityKey { get; }

    /// <summary>The column type for bytes (hashes, encrypted secrets).</summary>
    public abstract string Binary { get; }

    /// <summary>
    /// An insert of <paramref name="source"/> (<c>VALUES (@a, @b)</c> or a <c>SELECT</c>) that skips, without an error, a
    /// row a unique key refuses (of <paramref name="conflictTarget"/>'s key only, when given): the transaction stays
    /// usable on every engine, and the affected row count says what was inserted.
    /// </summary>
    public virtual string InsertOrIgnore(string table, string columns, string source, string? conflictTarget = null) =>
        $"INSERT INTO {table} ({columns}) {source} ON CONFLICT {(conflictTarget is null ? "" : $"({conflictTarget}) ")}DO NOTHING";

    /// <summary>An insert of <paramref name="source"/> that, when the row of key <paramref name="key"/> exists, sets the columns <paramref name="update"/> from it instead.</summary>
    public virtual string Upsert(string table, string columns, string source, string key, params string[] update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return $"INSERT INTO {table} ({columns}) {source} ON CONFLICT ({key}) DO UPDATE SET {string.Join(", ", update.Select(c => $"{c} = excluded.{c}"))}";
    }

    /// <summary>An <c>INSERT</c> or <c>UPDATE</c> that answers <paramref name="columns"/> of the rows it wrote, in the same statement.</summary>
    public virtual string Returning(string statement, string columns) => $"{statement} RETURNING {columns}";

    /// <summary>The dialect of a connection the app's database opened (<see cref="AppDatabase.OpenAsync"/>, <see cref="AppDatabase.BeginWriteAsync"/>).</summary>
    /// <exception cref="InvalidOperationException">The connection was not opened by the app's database.</exception>
    public static SqlDialect Of(IDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Opened.TryGetValue(connection, out var dialect)
            ? dialect
            : throw new InvalidOperationException($"this {connection.GetType().Name} was not opened by the app's database, so its SQL dialect is unknown");
    }

    /// <summary>Remembers that <paramref name="connection"/> speaks this dialect, for as long as it lives.</summary>
    internal void Attach(IDbConnection connection) => Opened.AddOrUpdate(connection, this);
}
