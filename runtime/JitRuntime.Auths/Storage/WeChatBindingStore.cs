using System.Data;
using Dapper;

namespace JitRuntime.Auths.Storage;

/// <summary>Which app user each WeChat openid is, per login element and appId.</summary>
internal static class WeChatBindingStore
{
    /// <summary>
    /// For a known openid: stores the fresh (encrypted) session key and any newly sent unionid, and returns the user.
    /// Null when the openid is not bound. One statement: no gap between the lookup and the update.
    /// </summary>
    public static Task<long?> TouchAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string appId,
        string openId, string? unionId, byte[] sessionKey, long now) =>
        connection.ExecuteScalarAsync<long?>("""
            UPDATE auth_wechat_bindings
            SET session_key = @sessionKey, session_key_stale = 0, union_id = COALESCE(@unionId, union_id), updated_at = @now
            WHERE login_element = @loginElement AND app_id = @appId AND open_id = @openId
            RETURNING user_id
            """, new { loginElement, appId, openId, unionId, sessionKey, now }, transaction);

    /// <summary>
    /// Binds the openid to the user; false when a binding already exists for that openid or that user. No exception
    /// for the conflict, so the transaction stays usable on every engine (PostgreSQL aborts it on a unique violation).
    /// </summary>
    public static async Task<bool> InsertAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string appId,
        string openId, string? unionId, long userId, byte[]? sessionKey, long now) =>
        await connection.ExecuteAsync("""
            INSERT INTO auth_wechat_bindings (login_element, app_id, open_id, union_id, user_id, session_key, created_at, updated_at)
            VALUES (@loginElement, @appId, @openId, @unionId, @userId, @sessionKey, @now, @now)
            ON CONFLICT DO NOTHING
            """, new { loginElement, appId, openId, unionId, userId, sessionKey, now }, transaction).ConfigureAwait(false) == 1;

    /// <summary>The openid bound to <paramref name="userId"/> for this login element, if any.</summary>
    public static Task<string?> FindOpenIdAsync(IDbConnection connection, IDbTransaction? transaction, string loginElement, long userId) =>
        connection.ExecuteScalarAsync<string?>(
            "SELECT open_id FROM auth_wechat_bindings WHERE login_element = @loginElement AND user_id = @userId",
            new { loginElement, userId }, transaction);

    /// <summary>The user an openid is bound to for this login element and appId, if any.</summary>
    public static Task<long?> FindUserAsync(IDbConnection connection, IDbTransaction? transaction, string loginElement, string appId, string openId) =>
        connection.ExecuteScalarAsync<long?>(
            "SELECT user_id FROM auth_wechat_bindings WHERE login_element = @loginElement AND app_id = @appId AND open_id = @openId",
            new { loginElement, appId, openId }, transaction);

    public static Task<int> DeleteAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, long userId) =>
        connection.ExecuteAsync(
            "DELETE FROM auth_wechat_bindings WHERE login_element = @loginElement AND user_id = @userId",
            new { loginElement, userId }, transaction);

    /// <summary>A user's binding on this login element: openid, encrypted session key and whether WeChat called the key stale.</summary>
    public sealed class Binding
    {
        public string OpenId { get; init; } = "";

        public byte[]? SessionKey { get; init; }

        public long SessionKeyStale { get; init; }
    }

    public static Task<Binding?> FindBindingAsync(IDbConnection connection, string loginElement, long userId) =>
        connection.QuerySingleOrDefaultAsync<Binding?>("""
            SELECT open_id AS OpenId, session_key AS SessionKey, session_key_stale AS SessionKeyStale
            FROM auth_wechat_bindings WHERE login_element = @loginElement AND user_id = @userId
            """, new { loginElement, userId });

    /// <summary>Marks the stored session key stale (WeChat said so): decrypting with it is refused without asking WeChat.</summary>
    public static Task<int> MarkStaleAsync(IDbConnection connection, string loginElement, long userId) =>
        connection.ExecuteAsync("UPDATE auth_wechat_bindings SET session_key_stale = 1 WHERE login_element = @loginElement AND user_id = @userId",
            new { loginElement, userId });

    /// <summary>The distinct users bound to <paramref name="unionId"/> through other WeChat login elements of the app.</summary>
    public static async Task<IReadOnlyList<long>> FindUsersByUnionIdAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string unionId) =>
        (await connection.QueryAsync<long>("""
            SELECT DISTINCT user_id FROM auth_wechat_bindings WHERE union_id = @unionId AND login_element <> @loginElement ORDER BY user_id
            """, new { unionId, loginElement }, transaction).ConfigureAwait(false)).ToList();
}
