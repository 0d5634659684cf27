using System.Data;
using Dapper;

namespace JitRuntime.Auths.Storage;

/// <summary>Login sessions: a token's hash, who it is for, until when.</summary>
internal static class SessionStore
{
    public sealed class SessionRow
    {
        public long UserId { get; init; }

        public string? CorpId { get; init; }

        public string Platform { get; init; } = "";

        public string LoginElement { get; init; } = "";

        public long ExpiresAt { get; init; }
    }

    public static Task InsertAsync(IDbConnection connection, IDbTransaction transaction, byte[] tokenHash, long userId, string? corpId,
        string platform, string loginElement, long now, long expiresAt) =>
        connection.ExecuteAsync("""
            INSERT INTO auth_sessions (token_hash, user_id, corp_id, platform, login_element, created_at, expires_at)
            VALUES (@tokenHash, @userId, @corpId, @platform, @loginElement, @now, @expiresAt)
            """, new { tokenHash, userId, corpId, platform, loginElement, now, expiresAt }, transaction);

    /// <summary>The live (unrevoked, unexpired) session behind a token hash, or null.</summary>
    public static Task<SessionRow?> FindLiveAsync(IDbConnection connection, byte[] tokenHash, long now) =>
        connection.QuerySingleOrDefaultAsync<SessionRow?>("""
            SELECT user_id AS UserId, corp_id AS CorpId, platform AS Platform, login_element AS LoginElement, expires_at AS ExpiresAt
            FROM auth_sessions
            WHERE token_hash = @tokenHash AND revoked_at IS NULL AND expires_at > @now
            """, new { tokenHash, now });

    public static Task<int> RevokeAsync(IDbConnection connection, byte[] tokenHash, long now) =>
        connection.ExecuteAsync(
            "UPDATE auth_sessions SET revoked_at = @now WHERE token_hash = @tokenHash AND revoked_at IS NULL AND expires_at > @now",
            new { tokenHash, now });
}
