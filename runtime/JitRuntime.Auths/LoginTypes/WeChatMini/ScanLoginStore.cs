using System.Data;
using Dapper;
using JitRuntime.Databases.Sql;

namespace JitRuntime.Auths.LoginTypes.WeChatMini;

/// <summary>
/// Scan-to-log-in tickets (<c>auth_scan_logins</c>), stored as hashes. Every step is one conditional UPDATE that
/// decides on its own (of racing steps on any number of nodes exactly one moves the ticket); only after a refusal is the
/// row read, to say why.
/// </summary>
internal static class ScanLoginStore
{
    /// <summary>A ticket's row as a refusal or a poll reads it.</summary>
    public sealed class Row
    {
        public byte[] PollHash { get; init; } = [];

        public string Status { get; init; } = "";

        public long? UserId { get; init; }

        public long CreatedAt { get; init; }

        public long ExpiresAt { get; init; }

        public string? Client { get; init; }

        public string? UserAgent { get; init; }
    }

    private const string Columns = "poll_hash AS PollHash, status AS Status, user_id AS UserId, created_at AS CreatedAt, expires_at AS ExpiresAt, client AS Client, user_agent AS UserAgent";

    public static async Task InsertAsync(IDbConnection connection, IDbTransaction transaction, byte[] ticketHash, byte[] pollHash, string loginElement,
        string? client, string? userAgent, long now, long expiresAt, TimeSpan retention)
    {
        await connection.ExecuteAsync("DELETE FROM auth_scan_logins WHERE expires_at < @cutoff", new { cutoff = now - (long)retention.TotalMilliseconds }, transaction)
            .ConfigureAwait(false);
        await connection.ExecuteAsync("""
            INSERT INTO auth_scan_logins (ticket_hash, poll_hash, login_element, status, client, user_agent, created_at, expires_at, updated_at)
            VALUES (@ticketHash, @pollHash, @loginElement, 'waiting', @client, @userAgent, @now, @expiresAt, @now)
            """, new { ticketHash, pollHash, loginElement, client, userAgent, now, expiresAt }, transaction).ConfigureAwait(false);
    }

    private static readonly SqlStatement Scan = new(d => d.Returning("""
        UPDATE auth_scan_logins SET status = 'scanned', user_id = @userId, updated_at = @now
        WHERE ticket_hash = @ticketHash AND login_element = @loginElement AND expires_at > @now
          AND (status = 'waiting' OR (status = 'scanned' AND user_id = @userId))
        """, Columns));

    /// <summary>Marks the ticket scanned by <paramref name="userId"/> (again by the same user is fine) and answers it; null when refused.</summary>
    public static Task<Row?> ScanAsync(IDbConnection connection, byte[] ticketHash, string loginElement, long userId, long now) =>
        connection.QuerySingleOrDefaultAsync<Row?>(Scan.For(connection), new { ticketHash, loginElement, userId, now });

    /// <summary>Moves a ticket <paramref name="userId"/> scanned to <paramref name="status"/> (confirmed or cancelled); false when refused.</summary>
    public static async Task<bool> DecideAsync(IDbConnection connection, byte[] ticketHash, string loginElement, long userId, string status, long now) =>
        await connection.ExecuteAsync("""
            UPDATE auth_scan_logins SET status = @status, updated_at = @now
            WHERE ticket_hash = @ticketHash AND login_element = @loginElement AND expires_at > @now AND status = 'scanned' AND user_id = @userId
            """, new { ticketHash, loginElement, userId, status, now }).ConfigureAwait(false) == 1;

    private static readonly SqlStatement Collect = new(d => d.Returning("""
        UPDATE auth_scan_logins SET status = 'used', updated_at = @now
        WHERE ticket_hash = @ticketHash AND poll_hash = @pollHash AND login_element = @loginElement AND status = 'confirmed' AND expires_at > @now
        """, "user_id"));

    /// <summary>The one poll after a confirmation: marks the ticket used and answers its user; null for every other poll.</summary>
    public static Task<long?> CollectAsync(IDbConnection connection, IDbTransaction transaction, byte[] ticketHash, byte[] pollHash, string loginElement, long now) =>
        connection.ExecuteScalarAsync<long?>(Collect.For(connection), new { ticketHash, pollHash, loginElement, now }, transaction);

    /// <summary>The ticket's row, to say why a step was refused or what a poll sees.</summary>
    public static Task<Row?> FindAsync(IDbConnection connection, byte[] ticketHash, string loginElement) =>
        connection.QuerySingleOrDefaultAsync<Row?>($"SELECT {Columns} FROM auth_scan_logins WHERE ticket_hash = @ticketHash AND login_element = @loginElement",
            new { ticketHash, loginElement });
}
