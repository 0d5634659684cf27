using System.Data;
using Dapper;

namespace JitRuntime.Auths.Storage;

/// <summary>
/// What WeChat logins keep beyond the shared login (<see cref="ExternalLoginStore"/>, whose subject is the openid): the
/// appId, the unionid, the encrypted session key and whether WeChat called it stale. A row belongs to its login and is
/// deleted with it.
/// </summary>
internal static class WeChatLoginStore
{
    /// <summary>
    /// For a known openid: stamps the login, stores the fresh (encrypted) session key and any newly sent unionid, and
    /// returns the user. Null when the openid is nobody's login here; nothing is written then.
    /// </summary>
    public static async Task<long?> TouchAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string appId,
        string openId, string? unionId, byte[] sessionKey, long now)
    {
        var userId = await ExternalLoginStore.TouchAsync(connection, transaction, loginElement, openId, now).ConfigureAwait(false);
        if (userId is not null)
        {
            await connection.ExecuteAsync("""
                UPDATE auth_wechat_logins
                SET app_id = @appId, session_key = @sessionKey, session_key_stale = 0, union_id = COALESCE(@unionId, union_id)
                WHERE login_element = @loginElement AND open_id = @openId
                """, new { loginElement, appId, openId, unionId, sessionKey }, transaction).ConfigureAwait(false);
        }

        return userId;
    }

    /// <summary>WeChat's part of a login just stored (<see cref="ExternalLoginStore.InsertAsync"/>) in the same transaction.</summary>
    public static Task AddAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string appId, string openId, string? unionId,
        byte[]? sessionKey) =>
        connection.ExecuteAsync("""
            INSERT INTO auth_wechat_logins (login_element, open_id, app_id, union_id, session_key)
            VALUES (@loginElement, @openId, @appId, @unionId, @sessionKey)
            """, new { loginElement, appId, openId, unionId, sessionKey }, transaction);

    /// <summary>A user's WeChat login on this element: openid, encrypted session key and whether WeChat called the key stale.</summary>
    public sealed class Binding
    {
        public string OpenId { get; init; } = "";

        public byte[]? SessionKey { get; init; }

        public long SessionKeyStale { get; init; }
    }

    public static Task<Binding?> FindBindingAsync(IDbConnection connection, string loginElement, long userId) =>
        connection.QuerySingleOrDefaultAsync<Binding?>("""
            SELECT w.open_id AS OpenId, w.session_key AS SessionKey, w.session_key_stale AS SessionKeyStale
            FROM auth_logins l JOIN auth_wechat_logins w ON w.login_element = l.login_element AND w.open_id = l.subject
            WHERE l.login_element = @loginElement AND l.user_id = @userId
            """, new { loginElement, userId });

    /// <summary>Marks the stored session key stale (WeChat said so): decrypting with it is refused without asking WeChat.</summary>
    public static Task<int> MarkStaleAsync(IDbConnection connection, string loginElement, long userId) =>
        connection.ExecuteAsync("""
            UPDATE auth_wechat_logins SET session_key_stale = 1
            WHERE login_element = @loginElement AND open_id = (SELECT subject FROM auth_logins WHERE login_element = @loginElement AND user_id = @userId)
            """, new { loginElement, userId });

    /// <summary>The distinct users whose WeChat logins on other elements of the app carry <paramref name="unionId"/>.</summary>
    public static async Task<IReadOnlyList<long>> FindUsersByUnionIdAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string unionId) =>
        (await connection.QueryAsync<long>("""
            SELECT DISTINCT l.user_id
            FROM auth_wechat_logins w JOIN auth_logins l ON l.login_element = w.login_element AND l.subject = w.open_id
            WHERE w.union_id = @unionId AND w.login_element <> @loginElement ORDER BY l.user_id
            """, new { unionId, loginElement }, transaction).ConfigureAwait(false)).ToList();
}
