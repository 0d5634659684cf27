using Dapper;
using JitRuntime.Databases;

namespace JitRuntime.Auths.Audit;

/// <summary>The audit trail's table: append, read, prune. Plain SQL that SQLite and PostgreSQL both take.</summary>
public static class AuditStore
{
    private const string Columns = "id AS Id, at AS At, event AS Event, login_element AS LoginElement, user_id AS UserId, client AS Client, outcome AS Outcome";

    /// <summary>Appends one entry in its own write transaction.</summary>
    public static async Task AppendAsync(AppDatabase database, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(entry);
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        await write.Connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO auth_audit (at, event, login_element, user_id, client, outcome)
            VALUES (@At, @Event, @LoginElement, @UserId, @Client, @Outcome)
            """, entry, write.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Entries in order, optionally of one user and from a time on, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> ReadAsync(AppDatabase database, long? userId, long? since, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            $"SELECT {Columns} FROM auth_audit WHERE (@userId IS NULL OR user_id = @userId) AND (@since IS NULL OR at >= @since) ORDER BY id LIMIT @limit",
            new { userId, since, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>
    /// Deletes entries older than <paramref name="cutoff"/>, and with them one-time codes and sessions that ended before
    /// <paramref name="ended"/> (<see cref="LoginOptions.EndedRetention"/> ago: they are kept only as long as they can be asked about).
    /// </summary>
    /// <returns>How many audit entries, codes and sessions were deleted.</returns>
    public static async Task<(int Audit, int Codes, int Sessions)> PruneAsync(AppDatabase database, long cutoff, long ended, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var audit = await write.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM auth_audit WHERE at < @cutoff",
            new { cutoff }, write.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var codes = await write.Connection.ExecuteAsync(new CommandDefinition("DELETE FROM auth_codes WHERE expires_at < @ended",
            new { ended }, write.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var sessions = await write.Connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM auth_sessions WHERE expires_at < @ended OR (revoked_at IS NOT NULL AND revoked_at < @ended)",
            new { ended }, write.Transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (audit, codes, sessions);
    }
}
