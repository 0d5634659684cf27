using System.Data;
using Dapper;
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

    public static Task UpsertCorpAsync(IDbConnection connection, string corpId, string corpName) =>
        connection.ExecuteAsync(
            "INSERT INTO auth_corps (corp_id, corp_name) VALUES (@corpId, @corpName) ON CONFLICT (corp_id) DO UPDATE SET corp_name = excluded.corp_name",
            new { corpId, corpName });

    public static Task AddMemberAsync(IDbConnection connection, string corpId, long userId) =>
        connection.ExecuteAsync(
            "INSERT INTO auth_corp_members (corp_id, user_id) VALUES (@corpId, @userId) ON CONFLICT DO NOTHING",
            new { corpId, userId });
}
