using JitRuntime.Databases.Sql;

namespace JitRuntime.Databases.Sqlite;

/// <summary>SQLite's SQL: the shared defaults, with its rowid key and BLOB.</summary>
public sealed class SqliteDialect : SqlDialect
{
    /// <summary>The one instance.</summary>
    public static SqliteDialect Instance { get; } = new();

    private SqliteDialect()
    {
    }

    /// <inheritdoc />
    public override string Engine => SqliteDatabase.EngineName;

    /// <inheritdoc />
    public override string IdentityKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    /// <inheritdoc />
    public override string Binary => "BLOB";
}
