using System.Data;
using Dapper;
using JitRuntime.Calls;
using JitRuntime.Databases.Sql;

namespace JitRuntime.Auths.Storage;

/// <summary>
/// One-time codes (bindCodes and loginCodes), stored as hashes. <see cref="RedeemAsync"/> is the only way one is
/// redeemed.
/// </summary>
internal static class CodeStore
{
    /// <summary>Why a code could not be redeemed.</summary>
    public enum Refusal
    {
        Unknown,
        Used,
        Expired,
    }

    /// <summary>The columns of a <see cref="CodeRow"/>, named as its properties.</summary>
    private const string RowColumns = """
        code_hash AS CodeHash, kind AS Kind, login_element AS LoginElement, subject AS Subject, details AS Details, secret AS Secret,
        user_id AS UserId, created_at AS CreatedAt, expires_at AS ExpiresAt, used_at AS UsedAt
        """;

    /// <summary>Marks the code used if it is redeemable, and answers its row: one statement decides (see <see cref="RedeemAsync"/>).</summary>
    private static readonly SqlStatement Redeem = new(d => d.Returning("""
        UPDATE auth_codes SET used_at = @now
        WHERE code_hash = @hash AND kind = @kind AND used_at IS NULL AND expires_at > @now
          AND (@loginElement IS NULL OR login_element = @loginElement)
        """, RowColumns));

    public static async Task InsertAsync(IDbConnection connection, IDbTransaction transaction, CodeRow row)
    {
        await connection.ExecuteAsync("""
            INSERT INTO auth_codes (code_hash, kind, login_element, subject, details, secret, user_id, created_at, expires_at)
            VALUES (@CodeHash, @Kind, @LoginElement, @Subject, @Details, @Secret, @UserId, @CreatedAt, @ExpiresAt)
            """, row, transaction).ConfigureAwait(false);
        AuthsTelemetry.CodesIssued.Add(1, new KeyValuePair<string, object?>("jit.code.kind", row.Kind));
    }

    /// <summary>
    /// The one way to redeem a one-time code, for every kind and every caller: a single conditional UPDATE (unused,
    /// unexpired, right kind, and, when <paramref name="loginElement"/> is not null, issued by that login element)
    /// marks it used and returns it. The update itself decides: of any number of concurrent redemptions on any number
    /// of nodes exactly one gets the row, on every engine (PostgreSQL's Read Committed re-checks the condition on the
    /// row a racer committed). Nothing is decided on a value read before it. A refusal is thrown with its code (unknown,
    /// used or expired, worked out after the update failed). The caller's transaction keeps the code unused when the
    /// caller fails later and rolls back.
    /// </summary>
    public static async Task<CodeRow> RedeemAsync(IDbConnection connection, IDbTransaction transaction, byte[] hash, string kind, string? loginElement,
        long now, TimeSpan lifetime)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CodeRow?>(Redeem.For(connection), new { hash, kind, loginElement, now }, transaction).ConfigureAwait(false);
        if (row is null)
        {
            throw Refused(kind, await ClassifyAsync(connection, transaction, hash, kind, loginElement, now).ConfigureAwait(false), lifetime);
        }

        AuthsTelemetry.CodesRedeemed.Add(1, new KeyValuePair<string, object?>("jit.code.kind", kind));
        return row;
    }

    /// <summary>
    /// A live, unused code's row, without redeeming it: for work that must happen before the write that redeems it
    /// (asking WeChat about the code's user). Nothing is decided on it: <see cref="RedeemAsync"/> still decides, later.
    /// </summary>
    public static async Task<CodeRow> PeekAsync(IDbConnection connection, byte[] hash, string kind, string loginElement, long now, TimeSpan lifetime)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CodeRow?>($"""
            SELECT {RowColumns} FROM auth_codes
            WHERE code_hash = @hash AND kind = @kind AND login_element = @loginElement AND used_at IS NULL AND expires_at > @now
            """, new { hash, kind, loginElement, now }).ConfigureAwait(false);
        return row ?? throw Refused(kind, await ClassifyAsync(connection, null, hash, kind, loginElement, now).ConfigureAwait(false), lifetime);
    }

    private static ElementCallException Refused(string kind, Refusal refusal, TimeSpan lifetime) =>
        kind == CodeRow.BindKind ? LoginErrors.BindCode(refusal, lifetime) : LoginErrors.LoginCode(refusal, lifetime);

    /// <summary>After a failed redemption: was the code never issued (here, of this kind), already used, or expired?</summary>
    private static async Task<Refusal> ClassifyAsync(IDbConnection connection, IDbTransaction? transaction, byte[] hash, string kind, string? loginElement, long now)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(long? UsedAt, long ExpiresAt)?>("""
            SELECT used_at, expires_at FROM auth_codes
            WHERE code_hash = @hash AND kind = @kind AND (@loginElement IS NULL OR login_element = @loginElement)
            """, new { hash, kind, loginElement }, transaction).ConfigureAwait(false);
        return row switch
        {
            null => Refusal.Unknown,
            { UsedAt: not null } => Refusal.Used,
            { ExpiresAt: var expires } when expires <= now => Refusal.Expired,
            _ => Refusal.Unknown,
        };
    }

    /// <summary>Drops codes that expired longer than <paramref name="retention"/> (<see cref="LoginOptions.EndedRetention"/>) ago.</summary>
    public static Task<int> PurgeAsync(IDbConnection connection, IDbTransaction transaction, long now, TimeSpan retention) =>
        connection.ExecuteAsync("DELETE FROM auth_codes WHERE expires_at < @cutoff", new { cutoff = now - (long)retention.TotalMilliseconds }, transaction);
}
