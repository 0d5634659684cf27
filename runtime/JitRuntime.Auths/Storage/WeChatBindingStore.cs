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
            SET session_key = @sessionKey, union_id = COALESCE(@unionId, union_id), updated_at = @now
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

    /// <summary>The encrypted session key stored for a user's binding, if any.</summary>
    public static Task<byte[]?> FindSessionKeyAsync(IDbConnection connection, string loginElement, long userId) =>
        connection.ExecuteScalarAsync<byte[]?>(
            "SELECT session_key FROM auth_wechat_bindings WHERE login_element = @loginElement AND user_id = @userId",
            new { loginElement, userId });

    public static Task<int> DeleteAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, long userId) =>
        connection.ExecuteAsync(
            "DELETE FROM auth_wechat_bindings WHERE login_element = @loginElement AND user_id = @userId",
            new { loginElement, userId }, transaction);
}
