using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using JitRuntime.Fakes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;

namespace JitRuntime.Benchmarks;

/// <summary>
/// getPhoneNumber as someone would write it by hand with HttpClient and Dapper on the same SQLite file: the access_token
/// fetched once and kept in memory, the user's openid read, the same getuserphonenumber call, the number encrypted
/// with Data Protection and hashed with HMAC-SHA256, one UPDATE. The same calls and SQL as the runtime, no runtime.
/// </summary>
internal sealed class HandWrittenPhoneNumber(string baseUrl, string databasePath, IDataProtector protector) : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
    private readonly byte[] _hashKey = RandomNumberGenerator.GetBytes(32);
    private Lazy<Task<string>>? _token;

    public void Dispose() => _http.Dispose();

    /// <summary>The token, fetched once however many callers ask at the same moment.</summary>
    private Task<string> TokenAsync() => LazyInitializer.EnsureInitialized(ref _token, () => new Lazy<Task<string>>(FetchTokenAsync)).Value;

    public async Task<string> GetPhoneNumberAsync(long userId, string code)
    {
        var token = await TokenAsync();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;");
        var openId = await connection.ExecuteScalarAsync<string>(
            "SELECT subject FROM auth_logins WHERE login_element = 'auths.loginTypes.benchLogin' AND user_id = @userId", new { userId });
        using var response = await _http.PostAsJsonAsync(new Uri($"{baseUrl}/wxa/business/getuserphonenumber?access_token={token}"), new { code, openid = openId });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var info = json.RootElement.GetProperty("phone_info");
        var phone = info.GetProperty("phoneNumber").GetString()!;
        var hash = Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey,
            Encoding.UTF8.GetBytes($"+{info.GetProperty("countryCode").GetString()} {info.GetProperty("purePhoneNumber").GetString()}")));
        await connection.ExecuteAsync("UPDATE auth_users SET phone = @stored, phone_hash = @hash WHERE user_id = @userId",
            new { stored = protector.Protect(Encoding.UTF8.GetBytes(phone)), hash, userId });
        return phone;
    }

    private async Task<string> FetchTokenAsync()
    {
        using var response = await _http.PostAsJsonAsync(new Uri($"{baseUrl}/cgi-bin/stable_token"),
            new { grant_type = "client_credential", appid = FakeWeChatServer.AppId, secret = FakeWeChatServer.AppSecret, force_refresh = false });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }
}
