using System.Data;
using Dapper;
using JitRuntime.Databases.Sql;

namespace JitRuntime.Auths.Storage;

/// <summary>Users of the app (plain SQL through Dapper).</summary>
internal static class UserStore
{
    private static readonly SqlStatement Insert = new(d => d.Returning("INSERT INTO auth_users (created_at) VALUES (@now)", "user_id"));

    public static Task<long> CreateAsync(IDbConnection connection, IDbTransaction transaction, long now) =>
        connection.ExecuteScalarAsync<long>(Insert.For(connection), new { now }, transaction);

    public static async Task<bool> ExistsAsync(IDbConnection connection, IDbTransaction? transaction, long userId) =>
        await connection.ExecuteScalarAsync<long?>(
            "SELECT 1 FROM auth_users WHERE user_id = @userId", new { userId }, transaction).ConfigureAwait(false) is not null;

    /// <summary>When the user was created.</summary>
    public static Task<long> CreatedAtAsync(IDbConnection connection, IDbTransaction? transaction, long userId) =>
        connection.ExecuteScalarAsync<long>("SELECT created_at FROM auth_users WHERE user_id = @userId", new { userId }, transaction);

    /// <summary>Stores a user's phone number (encrypted) and its keyed hash.</summary>
    public static Task<int> SetPhoneAsync(IDbConnection connection, long userId, byte[] phone, string phoneHash, IDbTransaction? transaction = null) =>
        connection.ExecuteAsync("UPDATE auth_users SET phone = @phone, phone_hash = @phoneHash WHERE user_id = @userId", new { userId, phone, phoneHash }, transaction);

    /// <summary>The users whose phone number has this keyed hash.</summary>
    public static async Task<IReadOnlyList<long>> FindByPhoneHashAsync(IDbConnection connection, string phoneHash, IDbTransaction? transaction = null) =>
        (await connection.QueryAsync<long>("SELECT user_id FROM auth_users WHERE phone_hash = @phoneHash ORDER BY user_id", new { phoneHash }, transaction)
            .ConfigureAwait(false)).ToList();
}

