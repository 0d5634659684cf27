namespace JitRuntime.Databases.PostgreSql;

/// <summary>
/// A PostgreSQL database element's configuration: <c>{"host", "port", "dbname", "user", "password"}</c> plus optional
/// pool and timeout settings. Write the password as <c>${NAME}</c> so that it is read from the environment.
/// </summary>
public sealed class PgSqlSettings
{
    /// <summary>Optional; <c>postgresql</c> when given.</summary>
    public string DbType { get; set; } = "postgresql";

    /// <summary>Server host name or address.</summary>
    public string Host { get; set; } = "";

    /// <summary>Server port.</summary>
    public int Port { get; set; } = 5432;

    /// <summary>The database.</summary>
    public string Dbname { get; set; } = "";

    /// <summary>The user to connect as.</summary>
    public string User { get; set; } = "";

    /// <summary>The user's password (usually <c>${NAME}</c>).</summary>
    public string? Password { get; set; }

    /// <summary>Most pooled connections per node; a call waiting longer than <see cref="Timeout"/> for one fails with 503.</summary>
    public int MaxPoolSize { get; set; } = 50;

    /// <summary>Connections kept open per node when idle.</summary>
    public int MinPoolSize { get; set; }

    /// <summary>Seconds to wait for a connection (to open one, or for a free one from the pool).</summary>
    public int Timeout { get; set; } = 5;

    /// <summary>Seconds a statement may run.</summary>
    public int CommandTimeout { get; set; } = 30;

    /// <summary>Npgsql's SSL mode: <c>Disable</c>, <c>Prefer</c> (default), <c>Require</c>, <c>VerifyCA</c>, <c>VerifyFull</c>.</summary>
    public string? SslMode { get; set; }
}
