using System.Collections.Concurrent;
using System.Data;

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
    // The dialect of each kind of connection the app's database opened (one engine per ADO.NET provider): stores find
    // it from the connection they are handed, without a lookup table per connection.
    private static readonly ConcurrentDictionary<Type, SqlDialect> ByConnectionType = new();

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

    /// <summary>The dialect of a connection like those the app's database opens (<see cref="AppDatabase.OpenAsync"/>, <see cref="AppDatabase.BeginWriteAsync"/>).</summary>
    /// <exception cref="InvalidOperationException">No database of the app has opened a connection of this kind yet.</exception>
    public static SqlDialect Of(IDbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return ByConnectionType.TryGetValue(connection.GetType(), out var dialect)
            ? dialect
            : throw new InvalidOperationException($"no database of the app has opened a {connection.GetType().Name}, so its SQL dialect is unknown");
    }

    /// <summary>Remembers that connections of <paramref name="connection"/>'s kind speak this dialect.</summary>
    internal void Attach(IDbConnection connection)
    {
        var type = connection.GetType();
        if (!ByConnectionType.TryGetValue(type, out var known))
        {
            ByConnectionType.TryAdd(type, this);
        }
        else if (known != this)
        {
            throw new InvalidOperationException($"{type.Name} connections speak {known.Engine}'s dialect, not {Engine}'s: one ADO.NET provider, one engine");
        }
    }
}
