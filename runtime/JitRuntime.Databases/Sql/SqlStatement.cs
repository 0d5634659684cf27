using System.Collections.Concurrent;
using System.Data;

namespace JitRuntime.Databases.Sql;

/// <summary>
/// One statement of a store, written once against <see cref="SqlDialect"/> and built once per dialect:
/// <c>static readonly SqlStatement Insert = new(d =&gt; d.InsertOrIgnore(...))</c>, then <c>Insert.For(connection)</c>.
/// </summary>
public sealed class SqlStatement(Func<SqlDialect, string> build)
{
    private readonly ConcurrentDictionary<SqlDialect, string> _built = new();

    /// <summary>The statement in the dialect of <paramref name="connection"/> (see <see cref="SqlDialect.Of"/>).</summary>
    public string For(IDbConnection connection) => For(SqlDialect.Of(connection));

    /// <summary>The statement in <paramref name="dialect"/>.</summary>
    public string For(SqlDialect dialect) => _built.GetOrAdd(dialect, build);
}
