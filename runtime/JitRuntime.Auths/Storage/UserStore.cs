using System.Data;
using Dapper;

namespace JitRuntime.Auths.Storage;

/// <summary>Users of the app (plain SQL through Dapper).</summary>
internal static class UserStore
{
    public static Task<long> CreateAsync(IDbConnection connection, IDbTransaction transaction, long now) =>
        connection.ExecuteScalarAsync<long>(
            "INSERT INTO auth_users (created_at) VALUES (@now) RETURNING user_id", new { now }, transaction);

    public static async Task<bool> ExistsAsync(IDbConnection connection, IDbTransaction? transaction, long userId) =>
        await connection.ExecuteScalarAsync<long?>(
            "SELECT 1 FROM auth_users WHERE user_id = @userId", new { userId }, transaction).ConfigureAwait(false) is not null;
}
