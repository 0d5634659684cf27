using System.Data;
using Dapper;
using JitRuntime.Databases.Sql;

namespace JitRuntime.Auths.Storage;

/// <summary>
/// One WeChat access_token per appid for the whole deployment, and the lease that lets one node at a time fetch a new
/// one. Plain statements that mean the same on SQLite and PostgreSQL; each is atomic on its own.
/// </summary>
internal static class AccessTokenStore
{
    public sealed class Row
    {
        public byte[]? Token { get; init; }

        public long ExpiresAt { get; init; }

        public long FetchedAt { get; init; }

        public long ForcedAt { get; init; }

        public string? LeaseOwner { get; init; }

        public long LeaseUntil { get; init; }
    }

    public static Task<Row?> FindAsync(IDbConnection connection, string appId) =>
        connection.QuerySingleOrDefaultAsync<Row?>("""
            SELECT token AS Token, expires_at AS ExpiresAt, fetched_at AS FetchedAt, forced_at AS ForcedAt, lease_owner AS LeaseOwner, lease_until AS LeaseUntil
            FROM auth_wechat_tokens WHERE app_id = @appId
            """, new { appId });

    private static readonly SqlStatement InsertApp = new(d => d.InsertOrIgnore("auth_wechat_tokens", "app_id", "VALUES (@appId)"));

    /// <summary>Takes the refresh lease when nobody holds a live one; true when this caller now holds it.</summary>
    public static async Task<bool> TryLeaseAsync(IDbConnection connection, string appId, string owner, long now, long until)
    {
        await connection.ExecuteAsync(InsertApp.For(connection), new { appId }).ConfigureAwait(false);
        return await connection.ExecuteAsync("""
            UPDATE auth_wechat_tokens SET lease_owner = @owner, lease_until = @until
            WHERE app_id = @appId AND (lease_until < @now OR lease_owner = @owner)
            """, new { appId, owner, now, until }).ConfigureAwait(false) == 1;
    }

    /// <summary>Stores a fetched token and gives the lease back, if this caller still holds it.</summary>
    public static Task<int> StoreAsync(IDbConnection connection, string appId, string owner, byte[] token, long expiresAt, long fetchedAt, long forcedAt) =>
        connection.ExecuteAsync("""
            UPDATE auth_wechat_tokens SET token = @token, expires_at = @expiresAt, fetched_at = @fetchedAt, forced_at = @forcedAt,
                lease_owner = NULL, lease_until = 0
            WHERE app_id = @appId AND lease_owner = @owner
            """, new { appId, owner, token, expiresAt, fetchedAt, forcedAt });

    /// <summary>Gives the lease back without a new token (the fetch failed).</summary>
    public static Task<int> ReleaseAsync(IDbConnection connection, string appId, string owner) =>
        connection.ExecuteAsync("UPDATE auth_wechat_tokens SET lease_owner = NULL, lease_until = 0 WHERE app_id = @appId AND lease_owner = @owner",
            new { appId, owner });
}
