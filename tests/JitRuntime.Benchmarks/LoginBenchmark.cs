using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using JitRuntime.Apps;
using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Fakes;
using JitRuntime.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Benchmarks;

/// <summary>
/// getLoginCode throughput for registered users, in-process against the fake WeChat on 127.0.0.1, next to the same
/// work written by hand in the same run: the same code2session HTTP call and the same SQL statements through Dapper,
/// once bare and once with the same crypto (encrypt the session key, random code, SHA-256), which any correct
/// implementation has to do. Target: the runtime adds at most 25% over the hand-written equal-work baseline.
/// </summary>
internal static class LoginBenchmark
{
    private const int Users = 100;

    public static async Task RunAsync(int operations, int concurrency, int rounds)
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        using var app = new GeneratedApp(0);
        var folder = Path.Combine(app.Directory, "elements", "auths", "loginTypes", "benchLogin");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "e.json"), """
            { "title": "Bench", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./benchLogin.json", "allowRegister": 1 }
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "benchLogin.json"), $$"""
            { "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{FakeWeChatServer.AppSecret}}" } }
            """);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = weChat.BaseUrl,
            ["Database:Path"] = Path.Combine(app.Directory, "data", "app.db"),
        }).Build();
        await using var services = new ServiceCollection().AddJitRuntime().AddAuthElements(configuration).BuildServiceProvider();
        await using var jitApp = await services.GetRequiredService<JitAppLoader>().LoadAsync(app.Directory);
        var login = jitApp.GetElement<WeChatMiniType>("auths.loginTypes.benchLogin");
        var openIds = Enumerable.Range(0, Users).Select(i => $"bench-openid-{i}").ToArray();
        foreach (var openId in openIds)
        {
            await login.RegisterAsync((await login.GetLoginCodeAsync(weChat.IssueCode(openId))).BindCode!);
        }

        using var handWritten = new HandWritten(weChat.BaseUrl, services.GetRequiredService<AppDatabase>().FilePath,
            services.GetRequiredService<IDataProtectionProvider>().CreateProtector("bench"));
        var variants = new (string Name, Func<string, Task> Call)[]
        {
            ("runtime: login.GetLoginCodeAsync", code => login.GetLoginCodeAsync(code)),
            ("hand-written, same SQL + crypto", code => handWritten.GetLoginCodeAsync(code, crypto: true)),
            ("hand-written, same SQL, no crypto", code => handWritten.GetLoginCodeAsync(code, crypto: false)),
        };

        foreach (var (_, call) in variants)
        {
            await MeasureAsync(weChat, openIds, call, operations / 4, concurrency); // warm-up
        }

        var samples = variants.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                samples[v].Add(await MeasureAsync(weChat, openIds, variants[v].Call, operations, concurrency));
            }
        }

        var rates = samples.Select(Median).ToArray();
        Console.WriteLine($"getLoginCode benchmark: {Users} registered users, {operations} calls per round, {concurrency} concurrent callers, " +
                          $"median of {rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| variant | calls/s | µs per call | runtime time vs this |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variants[v].Name} | {rates[v]:N0} | {1_000_000 / rates[v]:F0} | {(v == 0 ? "-" : $"{rates[v] / rates[0] - 1:+0%;-0%}")} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runtime overhead over the equal-work baseline: {rates[1] / rates[0] - 1:+0.0%;-0.0%} (target: at most +25%)"));
    }

    private static async Task<double> MeasureAsync(FakeWeChatServer weChat, string[] openIds, Func<string, Task> call, int operations, int concurrency)
    {
        var codes = new System.Collections.Concurrent.ConcurrentQueue<string>(
            Enumerable.Range(0, operations).Select(i => weChat.IssueCode(openIds[i % openIds.Length])));
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (codes.TryDequeue(out var code))
            {
                await call(code);
            }
        })));
        return operations / watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>getLoginCode for a registered user as someone would write it by hand: HttpClient, Dapper, no runtime.</summary>
    private sealed class HandWritten(string baseUrl, string databasePath, IDataProtector protector) : IDisposable
    {
        private readonly HttpClient _http = new();
        private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();

        public void Dispose() => _http.Dispose();

        public async Task GetLoginCodeAsync(string code, bool crypto)
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
            _ = (await connection.QueryAsync<(string CorpId, string CorpName)>("""
                SELECT c.corp_id, c.corp_name FROM auth_corp_members m JOIN auth_corps c ON c.corp_id = m.corp_id
                WHERE m.user_id = @userId ORDER BY c.corp_id
                """, new { userId }, transaction)).AsList();
            await transaction.CommitAsync();
        }
    }
}
