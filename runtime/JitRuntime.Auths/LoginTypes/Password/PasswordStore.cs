using System.Data;
using Dapper;
using JitRuntime.Databases.Sql;

namespace JitRuntime.Auths.LoginTypes.Password;

/// <summary>
/// What password logins keep beside the shared login (whose subject is the normalized username): the password's salted,
/// slow hash, never the password; and the failed attempts per username, which every node of the app shares.
/// </summary>
internal static class PasswordStore
{
    /// <summary>The hash stored for a username on this element; null when the username is nobody's.</summary>
    public static Task<string?> FindHashAsync(IDbConnection connection, string loginElement, string subject) =>
        connection.ExecuteScalarAsync<string?>("SELECT password_hash FROM auth_password_logins WHERE login_element = @loginElement AND subject = @subject",
            new { loginElement, subject });

    /// <summary>A user's password login on this element (username subject and hash); null when the user has none.</summary>
    public static Task<(string Subject, string Hash)?> FindForUserAsync(IDbConnection connection, string loginElement, long userId) =>
        connection.QuerySingleOrDefaultAsync<(string Subject, string Hash)?>("""
            SELECT p.subject, p.password_hash
            FROM auth_logins l JOIN auth_password_logins p ON p.login_element = l.login_element AND p.subject = l.subject
            WHERE l.login_element = @loginElement AND l.user_id = @userId
            """, new { loginElement, userId });

    /// <summary>The password part of a login just stored in the same transaction.</summary>
    public static Task AddAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string subject, string hash, long now) =>
        connection.ExecuteAsync("""
            INSERT INTO auth_password_logins (login_element, subject, password_hash, changed_at) VALUES (@loginElement, @subject, @hash, @now)
            """, new { loginElement, subject, hash, now }, transaction);

    public static Task<int> SetHashAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string subject, string hash, long now) =>
        connection.ExecuteAsync("UPDATE auth_password_logins SET password_hash = @hash, changed_at = @now WHERE login_element = @loginElement AND subject = @subject",
            new { loginElement, subject, hash, now }, transaction);

    private static readonly SqlStatement StartFailures = new(d => d.InsertOrIgnore("auth_password_failures",
        "login_element, subject, failures, window_start", "VALUES (@loginElement, @subject, 0, @now)"));

    private static readonly SqlStatement CountAttempt = new(d => d.Returning("""
        UPDATE auth_password_failures
        SET failures = CASE WHEN window_start <= @floor THEN 1 ELSE failures + 1 END,
            window_start = CASE WHEN window_start <= @floor THEN @now ELSE window_start END
        WHERE login_element = @loginElement AND subject = @subject
        """, "failures AS Failures, window_start AS WindowStart"));

    /// <summary>
    /// Counts an attempt for the username before its password is checked, and answers the count within the window and
    /// when the window began. The update decides: of any number of attempts on any number of nodes, the row lock
    /// serialises the counting, so no more than the maximum get past it within a window. A success takes the count
    /// back (<see cref="ResetAsync"/>). Windows that passed are dropped on the way.
    /// </summary>
    public static async Task<(long Failures, long WindowStart)> CountAttemptAsync(IDbConnection connection, IDbTransaction transaction, string loginElement,
        string subject, long now, TimeSpan window)
    {
        var floor = now - (long)window.TotalMilliseconds;
        await connection.ExecuteAsync("DELETE FROM auth_password_failures WHERE window_start <= @floor AND NOT (login_element = @loginElement AND subject = @subject)",
            new { floor, loginElement, subject }, transaction).ConfigureAwait(false);
        await connection.ExecuteAsync(StartFailures.For(connection), new { loginElement, subject, now }, transaction).ConfigureAwait(false);
        return await connection.QuerySingleAsync<(long Failures, long WindowStart)>(CountAttempt.For(connection), new { loginElement, subject, now, floor }, transaction)
            .ConfigureAwait(false);
    }

    /// <summary>A right password: the username's failures are forgotten.</summary>
    public static Task<int> ResetAsync(IDbConnection connection, IDbTransaction transaction, string loginElement, string subject) =>
        connection.ExecuteAsync("DELETE FROM auth_password_failures WHERE login_element = @loginElement AND subject = @subject", new { loginElement, subject }, transaction);
}
