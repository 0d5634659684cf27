using System.Data;
using Dapper;

namespace JitRuntime.Auths.Storage;

/// <summary>
/// One-time codes. Redemption is a single conditional UPDATE (unused, unexpired, right kind) inside the caller's
/// write transaction, so twenty concurrent redemptions of one code see exactly one success.
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

    public static async Task InsertAsync(IDbConnection connection, IDbTransaction transaction, CodeRow row)
    {
        await connection.ExecuteAsync("""
            INSERT INTO auth_codes (code_hash, kind, login_element, subject, details, secret, user_id, created_at, expires_at)
            VALUES (@CodeHash, @Kind, @LoginElement, @Subject, @Details, @Secret, @UserId, @CreatedAt, @ExpiresAt)
            """, row, transaction).ConfigureAwait(false);
        JitRuntime.Diagnostics.JitTelemetry.CodesIssued.Add(1, new KeyValuePair<string, object?>("jit.code.kind", row.Kind));
    }

    /// <summary>
    /// Marks the code used and returns it, or null when it is not redeemable (see <see cref="ClassifyAsync"/>).
    /// A non-null loginElement accepts only codes that login element issued.
    /// </summary>
    public static async Task<CodeRow?> RedeemAsync(IDbConnection connection, IDbTransaction transaction, byte[] hash, string kind, string? loginElement, long now)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CodeRow?>("""
            UPDATE auth_codes SET used_at = @now
            WHERE code_hash = @hash AND kind = @kind AND used_at IS NULL AND expires_at > @now
              AND (@loginElement IS NULL OR login_element = @loginElement)
            RETURNING
            """ + " " + RowColumns, new { hash, kind, loginElement, now }, transaction).ConfigureAwait(false);
        if (row is not null)
        {
            JitRuntime.Diagnostics.JitTelemetry.CodesRedeemed.Add(1, new KeyValuePair<string, object?>("jit.code.kind", kind));
        }

        return row;
    }

    /// <summary>Reads a code without redeeming it, or null when it is not redeemable.</summary>
    public static Task<CodeRow?> PeekAsync(IDbConnection connection, IDbTransaction transaction, byte[] hash, string kind, long now) =>
        connection.QuerySingleOrDefaultAsync<CodeRow?>(
            "SELECT " + RowColumns + " FROM auth_codes WHERE code_hash = @hash AND kind = @kind AND used_at IS NULL AND expires_at > @now",
            new { hash, kind, now }, transaction);

    /// <summary>After a failed redemption: was the code never issued (here, of this kind), already used, or expired?</summary>
    public static async Task<Refusal> ClassifyAsync(IDbConnection connection, IDbTransaction transaction, byte[] hash, string kind, string? loginElement, long now)
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

    /// <summary>Drops codes that expired over an hour ago: long enough to tell "used" and "expired" from "unknown".</summary>
    public static Task<int> PurgeAsync(IDbConnection connection, IDbTransaction transaction, long now) =>
        connection.ExecuteAsync("DELETE FROM auth_codes WHERE expires_at < @cutoff", new { cutoff = now - 3_600_000 }, transaction);

    public static async Task<int> MarkUsedAsync(IDbConnection connection, IDbTransaction transaction, byte[] hash, string kind, long now)
    {
        var marked = await connection.ExecuteAsync("UPDATE auth_codes SET used_at = @now WHERE code_hash = @hash AND kind = @kind AND used_at IS NULL",
            new { hash, kind, now }, transaction).ConfigureAwait(false);
        if (marked > 0)
        {
            JitRuntime.Diagnostics.JitTelemetry.CodesRedeemed.Add(marked, new KeyValuePair<string, object?>("jit.code.kind", kind));
        }

        return marked;
    }
}
