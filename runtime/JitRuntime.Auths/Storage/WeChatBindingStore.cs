using System.Data;
using Dapper;
using JitRuntime.Databases.Sql;

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
        connection.ExecuteScalarAsync<long?>(Touch.For(connection), new { loginElement, appId, openId, unionId, sessionKey, now }, transaction);

    private static readonly SqlStatement Touch = new(d => d.Returning("""
        UPDATE auth_wechat_bindings
        SET session_key = @sessionKey, session_key_stale = 0, union_id = COALESCE(@unionId, union_id), updated_at = @now
        WHERE login_element = @loginElement AND app_id = @appId AND open_id = @openId
        """, "user_id"));

    private static readonly SqlStatement Insert = new(d => d.InsertOrIgnore("auth_wechat_bindings",
        "login_element, app_id, open_id, union_id, user_id, session_key, created_at, updated_at",
        "VALUES (@loginElement, @appId, @openId, @unionId, @userId, @sessionKey, @now, @now)"));

    /// <summary>Which uniqueness rule refused a binding.</summary>
    public enum Conflict
    {
        /// <summary>Bound: nothing refused it.</summary>
        None,

        /// <summary>The openid is bound already (to any user): one user per openid per appId per login element.</summary>
        OpenId,

        /// <summary>The user has a binding already: one binding per user per login element.</summary>
        User,
    }

    /// <summary>
    /// Binds the openid to the user, or says which uniqueness rule refused it. The insert decides (the database's two
    /// unique keys, the dialect's insert-or-ignore: no exception, so the transaction stays usable on every engine, where
    /// PostgreSQL would abort it on a unique violation); only after a refusal is the rule that refused it read, from
    /// the row that won (committed by then: PostgreSQL waits for a racing insert before it skips).
    /// </summary>
    public static async Task<Conflict> InsertAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string appId,
        string openId, string? unionId, long userId, byte[]? sessionKey, long now)
    {
        var inserted = await connection.ExecuteAsync(Insert.For(connection), new { loginElement, appId, openId, unionId, userId, sessionKey, now }, transaction)
            .ConfigureAwait(false);
        if (inserted == 1)
        {
            return Conflict.None;
        }

        // The user's own binding is asked for first: when both rules refuse, "already bound" is what the user can act on.
        return await FindOpenIdAsync(connection, transaction, loginElement, userId).ConfigureAwait(false) is not null ? Conflict.User : Conflict.OpenId;
    }

    /// <summary>The openid bound to <paramref name="userId"/> for this login element, if any.</summary>
    public static Task<string?> FindOpenIdAsync(IDbConnection connection, IDbTransaction? transaction, string loginElement, long userId) =>
        connection.ExecuteScalarAsync<string?>(
            "SELECT open_id FROM auth_wechat_bindings WHERE login_element = @loginElement AND user_id = @userId",
            new { loginElement, userId }, transaction);

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
