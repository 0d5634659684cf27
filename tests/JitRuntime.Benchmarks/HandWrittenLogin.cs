using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using JitRuntime.Fakes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace JitRuntime.Benchmarks;

/// <summary>
/// getLoginCode for a registered user as someone would write it by hand: HttpClient, Dapper, no runtime. The same
/// code2session call and the same SQL statements as the runtime; with <c>crypto</c>, also the same encryption of the
/// session key and hashing of the code.
/// </summary>
internal sealed class HandWrittenLogin(string baseUrl, string databasePath, IDataProtector protector) : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();

    public void Dispose() => _http.Dispose();

    public async Task<(string LoginCode, List<(string CorpId, string CorpName)> CorpList)> GetLoginCodeAsync(string code, bool crypto)
    {
        var url = $"{baseUrl}/sns/jscode2session?appid={FakeWeChatServer.AppId}&secret={FakeWeChatServer.AppSecret}&js_code={code}&grant_type=authorization_code";
        using var response = await _http.GetAsync(new Uri(url));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var openId = json.RootElement.GetProperty("openid").GetString();
        var sessionKey = Encoding.UTF8.GetBytes(json.RootElement.GetProperty("session_key").GetString()!);
        var storedKey = crypto ? protector.Protect(sessionKey) : sessionKey;
        var loginCode = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var hash = crypto ? SHA256.HashData(Encoding.ASCII.GetBytes(loginCode)) : Encoding.ASCII.GetBytes(loginCode);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;");

        await using var transaction = connection.BeginTransaction(deferred: false);
        var userId = await connection.ExecuteScalarAsync<long?>("""
            UPDATE auth_wechat_bindings SET session_key = @storedKey, union_id = COALESCE(@unionId, union_id), updated_at = @now
            WHERE login_element = 'auths.loginTypes.benchLogin' AND app_id = @appId AND open_id = @openId
            RETURNING user_id
            """, new { storedKey, unionId = (string?)null, now, appId = FakeWeChatServer.AppId, openId }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO auth_codes (code_hash, kind, login_element, app_id, open_id, union_id, user_id, session_key, created_at, expires_at)
            VALUES (@hash, 'login', 'auths.loginTypes.benchLogin', @appId, @openId, NULL, @userId, NULL, @now, @expires)
            """, new { hash, appId = FakeWeChatServer.AppId, openId, userId, now, expires = now + 120_000 }, transaction);
        var corps = (await connection.QueryAsync<(string CorpId, string CorpName)>("""
            SELECT c.corp_id, c.corp_name FROM auth_corp_members m JOIN auth_corps c ON c.corp_id = m.corp_id
            WHERE m.user_id = @userId ORDER BY c.corp_id
            """, new { userId }, transaction)).AsList();
        await transaction.CommitAsync();
        return (loginCode, corps);
    }
}
