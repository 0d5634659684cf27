namespace JitRuntime.Databases.Sqlite;

/// <summary>A SQLite database element's configuration, in JitAi's shape: <c>{"dbType": "sqlite", "dbConfig": {"database": "data/app.db"}}</c>.</summary>
public sealed class SqliteSettings
{
    /// <summary>Always <c>sqlite</c>.</summary>
    public string DbType { get; set; } = "sqlite";

    /// <summary>Where the file is.</summary>
    public SqliteDbConfig DbConfig { get; set; } = new();

    /// <summary>The <c>dbConfig</c> object.</summary>
    public sealed class SqliteDbConfig
    {
        /// <summary>The database file, relative to the app folder.</summary>
        public string Database { get; set; } = DatabaseOptions.DefaultPath;
    }
}
