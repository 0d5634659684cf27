using System.Data;
using Dapper;
using JitRuntime.Databases.Sql;

namespace JitRuntime.Auths.Storage;

/// <summary>
/// Which app user each external login is, for every login type: a row per (login element, subject), where the subject
/// is the login type's id of the external user (WeChat: the openid; password: the normalized username). The database's
/// two keys are the rules: one user per subject per login element, one login per user per login element.
/// </summary>
internal static class ExternalLoginStore
{
    /// <summary>Which uniqueness rule refused a new login.</summary>
    public enum Conflict
    {
        /// <summary>Stored: nothing refused it.</summary>
        None,

        /// <summary>The subject is some user's login on this element already.</summary>
        Subject,

        /// <summary>The user has a login on this element already.</summary>
        User,
    }

    private static readonly SqlStatement Insert = new(d => d.InsertOrIgnore("auth_logins",
        "login_element, subject, user_id, created_at, updated_at", "VALUES (@loginElement, @subject, @userId, @now, @now)"));

    private static readonly SqlStatement Touch = new(d => d.Returning(
        "UPDATE auth_logins SET updated_at = @now WHERE login_element = @loginElement AND subject = @subject", "user_id"));

    /// <summary>
    /// Stores the login, or says which rule refused it. The insert decides (insert-or-ignore: no exception, so the
    /// transaction stays usable on every engine, where PostgreSQL would abort it on a unique violation); only after a
    /// refusal is the rule that refused it read, from the row that won (committed by then: PostgreSQL waits for a racing
    /// insert before it skips). When both refuse, "the user has one" is said: that is what the user can act on.
    /// </summary>
    public static async Task<Conflict> InsertAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string subject, long userId, long now)
    {
        if (await connection.ExecuteAsync(Insert.For(connection), new { loginElement, subject, userId, now }, transaction).ConfigureAwait(false) == 1)
        {
            return Conflict.None;
        }

        return await FindSubjectAsync(connection, transaction, loginElement, userId).ConfigureAwait(false) is not null ? Conflict.User : Conflict.Subject;
    }

    /// <summary>The user whose login <paramref name="subject"/> is, stamping it used now; null when it is nobody's. One statement.</summary>
    public static Task<long?> TouchAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string subject, long now) =>
        connection.ExecuteScalarAsync<long?>(Touch.For(connection), new { loginElement, subject, now }, transaction);

    /// <summary>The user whose login <paramref name="subject"/> is, without writing; null when it is nobody's.</summary>
    public static Task<long?> FindUserAsync(IDbConnection connection, IDbTransaction? transaction, string loginElement, string subject) =>
        connection.ExecuteScalarAsync<long?>("SELECT user_id FROM auth_logins WHERE login_element = @loginElement AND subject = @subject",
            new { loginElement, subject }, transaction);

    /// <summary>The subject of <paramref name="userId"/>'s login on this element, if any.</summary>
    public static Task<string?> FindSubjectAsync(IDbConnection connection, IDbTransaction? transaction, string loginElement, long userId) =>
        connection.ExecuteScalarAsync<string?>("SELECT subject FROM auth_logins WHERE login_element = @loginElement AND user_id = @userId",
            new { loginElement, userId }, transaction);

    /// <summary>Removes <paramref name="userId"/>'s login on this element (and, with it, what its login type stored for it).</summary>
    public static Task<int> DeleteAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, long userId) =>
        connection.ExecuteAsync("DELETE FROM auth_logins WHERE login_element = @loginElement AND user_id = @userId", new { loginElement, userId }, transaction);
}
