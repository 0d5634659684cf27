namespace JitRuntime.Tests.Support;

/// <summary>The engine a storage or login suite runs on.</summary>
public enum DatabaseEngine
{
    /// <summary>The implicit SQLite file (no database element): today's default.</summary>
    Sqlite,

    /// <summary>A <c>databases.PgSqlType</c> element on a fresh database of the test PostgreSQL server.</summary>
    PostgreSql,
}
