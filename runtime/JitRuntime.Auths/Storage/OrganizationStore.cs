using System.Data;
using Dapper;
using JitRuntime.Databases.Sql;
using JitRuntime.Auths.Sessions;

namespace JitRuntime.Auths.Storage;

/// <summary>Organizations (corps) and who belongs to them: what <c>corpList</c> is made of.</summary>
internal static class OrganizationStore
{
    public static async Task<IReadOnlyList<Corp>> ListForUserAsync(IDbConnection connection, IDbTransaction? transaction, long userId) =>
        (await connection.QueryAsync<Corp>("""
            SELECT c.corp_id AS CorpId, c.corp_name AS CorpName
            FROM auth_corp_members m JOIN auth_corps c ON c.corp_id = m.corp_id
            WHERE m.user_id = @userId
            ORDER BY c.corp_id
            """, new { userId }, transaction).ConfigureAwait(false)).AsList();

    private static readonly SqlStatement Upsert = new(d => d.Upsert("auth_corps", "corp_id, corp_name", "VALUES (@corpId, @corpName)", "corp_id", "corp_name"));

    // Only existing corps and users are inserted, so no foreign-key violation is ever raised (engines word those differently).
    private static readonly SqlStatement InsertMember = new(d => d.InsertOrIgnore("auth_corp_members", "corp_id, user_id",
        "SELECT c.corp_id, u.user_id FROM auth_corps c, auth_users u WHERE c.corp_id = @corpId AND u.user_id = @userId"));

    public static Task UpsertCorpAsync(IDbConnection connection, string corpId, string corpName) =>
        connection.ExecuteAsync(Upsert.For(connection), new { corpId, corpName });

    /// <summary>Makes the user a member; false when the organization or the user does not exist.</summary>
    public static async Task<bool> AddMemberAsync(IDbConnection connection, string corpId, long userId)
    {
        await connection.ExecuteAsync(InsertMember.For(connection), new { corpId, userId }).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM auth_corp_members WHERE corp_id = @corpId AND user_id = @userId", new { corpId, userId }).ConfigureAwait(false) == 1;
    }
}
