using System.Data;
using Dapper;
using JitRuntime.Databases.Sql;

namespace JitRuntime.Auths.Storage;

/// <summary>The family's own keys (encrypted by the caller), one row per name; the first node to store one wins.</summary>
internal static class SecretStore
{
    private static readonly SqlStatement Insert = new(d => d.InsertOrIgnore("auth_secrets", "name, value", "VALUES (@name, @candidate)"));

    /// <summary>Stores <paramref name="candidate"/> unless the name exists, then returns the stored value (this one or the winner's).</summary>
    public static async Task<byte[]> GetOrAddAsync(IDbConnection connection, string name, byte[] candidate)
    {
        await connection.ExecuteAsync(Insert.For(connection), new { name, candidate }).ConfigureAwait(false);
        return (await connection.ExecuteScalarAsync<byte[]>("SELECT value FROM auth_secrets WHERE name = @name", new { name }).ConfigureAwait(false))!;
    }
}
