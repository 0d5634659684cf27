using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using JitRuntime.Fakes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace JitRuntime.Benchmarks;

/// <summary>
/// getLoginCode for a registered user as someone would write it by hand: HttpClient, Dapper, no runtime. The same
/// code2session call and the same SQL statements as the runtime; with <c>crypto</c>, also the same encryption of the
/// session key and hashing of the code. On SQLite (a pooled file) or PostgreSQL (an Npgsql data source).
/// </summary>
internal sealed class HandWrittenLogin : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly string _baseUrl;
    private readonly IDataProtector _protector;
    private readonly string? _sqlite;
    private readonly NpgsqlDataSource? _postgres;
    private readonly SemaphoreSlim? _writers;

    private HandWrittenLogin(string baseUrl, IDataProtector protector, string? sqlite, NpgsqlDataSource? postgres, bool queueWriters = false)
    {
        _baseUrl = baseUrl;
        _protector = protector;
        _sqlite = sqlite;
        _postgres = postgres;
        _writers = queueWriters ? new SemaphoreSlim(1, 1) : null;
    }

    /// <summary>On SQLite; with <paramref name="queueWriters"/>, its writers take turns in a semaphore before BEGIN IMMEDIATE, as the runtime's do.</summary>
    public static HandWrittenLogin OnSqlite(string baseUrl, string databasePath, IDataProtector protector, bool queueWriters = false) =>
        new(baseUrl, protector, new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString(), null, queueWriters);

    public static HandWrittenLogin OnPostgreSql(string baseUrl, string connectionString, IDataProtector protector) =>
        new(baseUrl, protector, null, NpgsqlDataSource.Create(connectionString));

    public void Dispose()
    {
        _writers?.Dispose();
        _http.Dispose();
        _postgres?.Dispose();
    }

    private async Task<(System.Data.Common.DbConnection, System.Data.Common.DbTransaction)> BeginAsync()
    {
        if (_postgres is not null)
        {
            var pg = await _postgres.OpenConnectionAsync();
            return (pg, await pg.BeginTransactionAsync());
        }

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;");
        if (_writers is not null)
        {
            await _writers.WaitAsync();
        }

        try
        {
            return (connection, connection.BeginTransaction(deferred: false));
        }
        catch
        {
            _writers?.Release();
            throw;
        }
    }

    public async Task<(string LoginCode, List<(string CorpId, string CorpName)> CorpList)> GetLoginCodeAsync(string code, bool crypto)
    {
        var url = $"{_baseUrl}/sns/jscode2session?appid={FakeWeChatServer.AppId}&secret={FakeWeChatServer.AppSecret}&js_code={code}&grant_type=authorization_code";
        using var response = await _http.GetAsync(new Uri(url));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var openId = json.RootElement.GetProperty("openid").GetString();
        var sessionKey = Encoding.UTF8.GetBytes(json.RootElement.GetProperty("session_key").GetString()!);
        var storedKey = crypto ? _protector.Protect(sessionKey) : sessionKey;
        var loginCode = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var hash = crypto ? SHA256.HashData(Encoding.ASCII.GetBytes(loginCode)) : Encoding.ASCII.GetBytes(loginCode);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var (connection, transaction) = await BeginAsync();
        await using var connectionScope = connection;
        try
        {
            await using var transactionScope = transaction;
            return (loginCode, await WriteAsync(connection, transaction, storedKey, hash, openId, now));
        }
        finally
        {
            _writers?.Release(); // After the commit or the rollback: the next writer may begin.
        }
    }

    /// <summary>The statements of getLoginCode for a registered user, committed.</summary>
    private static async Task<List<(string CorpId, string CorpName)>> WriteAsync(System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction transaction, byte[] storedKey, byte[] hash, string? openId, long now)
    {
        var userId = await connection.ExecuteScalarAsync<long?>("""
            UPDATE auth_logins SET updated_at = @now WHERE login_element = 'auths.loginTypes.benchLogin' AND subject = @openId
            RETURNING user_id
            """, new { now, openId }, transaction);
        await connection.ExecuteAsync("""
            UPDATE auth_wechat_logins SET app_id = @appId, session_key = @storedKey, session_key_stale = 0, union_id = COALESCE(@unionId, union_id)
            WHERE login_element = 'auths.loginTypes.benchLogin' AND open_id = @openId
            """, new { storedKey, unionId = (string?)null, appId = FakeWeChatServer.AppId, openId }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO auth_codes (code_hash, kind, login_element, subject, details, secret, user_id, created_at, expires_at)
            VALUES (@hash, 'login', 'auths.loginTypes.benchLogin', @openId, @details, NULL, @userId, @now, @expires)
            """, new { hash, details = $"{{\"appId\":\"{FakeWeChatServer.AppId}\",\"unionId\":null}}", openId, userId, now, expires = now + 120_000 }, transaction);
        var corps = (await connection.QueryAsync<(string CorpId, string CorpName)>("""
            SELECT c.corp_id, c.corp_name FROM auth_corp_members m JOIN auth_corps c ON c.corp_id = m.corp_id
            WHERE m.user_id = @userId ORDER BY c.corp_id
            """, new { userId }, transaction)).AsList();
        await transaction.CommitAsync();
        return corps;
    }
}
