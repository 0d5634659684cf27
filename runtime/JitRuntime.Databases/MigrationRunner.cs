using System.Data.Common;
using Dapper;

namespace JitRuntime.Databases;

/// <summary>
/// Applies pending migrations inside a transaction whose caller already holds the engine's migration lock, and
/// records each in <c>schema_migrations</c> (the same table on every engine).
/// </summary>
internal static class MigrationRunner
{
    /// <summary>Applies what <c>schema_migrations</c> does not list yet; returns what it applied.</summary>
    public static async Task<IReadOnlyList<DatabaseMigration>> ApplyAsync(DbConnection connection, DbTransaction transaction, Sql.SqlDialect dialect,
        IReadOnlyList<DatabaseMigration> migrations, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                module     TEXT    NOT NULL,
                version    INTEGER NOT NULL,
                applied_at TEXT    NOT NULL,
                PRIMARY KEY (module, version)
            )
            """, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var done = (await connection.QueryAsync<(string Module, long Version)>(new CommandDefinition(
                "SELECT module, CAST(version AS BIGINT) FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false)).ToHashSet();

        var applied = new List<DatabaseMigration>();
        foreach (var migration in migrations.OrderBy(m => m.Module, StringComparer.Ordinal).ThenBy(m => m.Version))
        {
            if (done.Contains((migration.Module, migration.Version)))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(migration.SqlFor(dialect), transaction: transaction, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (module, version, applied_at) VALUES (@Module, @Version, @AppliedAt)",
                new { migration.Module, migration.Version, AppliedAt = DateTimeOffset.UtcNow.ToString("O") }, transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            applied.Add(migration);
        }

        return applied;
    }
}
