using JitRuntime.Fakes;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;
using Npgsql;

namespace JitRuntime.Tests.Host;

/// <summary>
/// Three real <c>jit run</c> processes, each with its own copy of the app, on one PostgreSQL database: registrations
/// start on one node and finish on another while nodes are SIGKILLed at random moments and restarted. Afterwards every
/// acknowledged registration logs in as the same user, no openid has two users, nothing is half done, and no session
/// key is stored in plain text. JIT_CRASH_ITERATIONS raises the number of kills.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class MultiNodeCrashTests
{
    [Fact]
    public async Task SIGKILLed_nodes_on_one_database_lose_no_acknowledged_registration_and_leave_nothing_half_done()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("JIT_CRASH_ITERATIONS"), out var n) ? n : 6;
        var random = new Random(7);
        var server = await PostgresServer.Shared;
        var database = await server.CreateDatabaseAsync();
        await using var hosted = await HostedApp.CreateAsync(""", "defaultElement": { "defaultDatabase": "databases.Default" }""" + TestCertificates.SettingsJson(TestCertificates.Shared));
        await LoginHarness.WritePostgresDatabaseElementAsync(hosted.App, server, database);
        var copies = Enumerable.Range(0, 3).Select(_ => new TempApp()).ToList();
        copies.ForEach(copy => Folders.CopyTree(hosted.App.Directory, copy.Directory, skip: path => path.StartsWith("data" + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
        var nodes = new HostProcess[3];
        for (var i = 0; i < 3; i++)
        {
            nodes[i] = await HostProcess.StartAsync(copies[i].Directory);
        }

        var acknowledged = new ConcurrentBag<(string OpenId, long UserId)>();
        var sessionKeys = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 9).Select(worker => Task.Run(async () =>
        {
            for (var seq = 0; !stop.IsCancellationRequested; seq++)
            {
                var openId = $"node-crash-{worker}-{seq}";
                var code = hosted.WeChat.IssueCode(openId);
                sessionKeys.Add(hosted.WeChat.SessionKeyOf(code));
                try
                {
                    // Issued on one node, redeemed on the next: codes are shared through the database.
                    using var bind = await Volatile.Read(ref nodes[worker % 3]).Http.PostAsJsonAsync($"/api/elements/{HostedApp.OpenLogin}/getLoginCode", new { code });
                    var bindCode = JsonDocument.Parse(await bind.Content.ReadAsStringAsync()).RootElement.GetProperty("bindCode").GetString();
                    using var registered = await Volatile.Read(ref nodes[(worker + 1) % 3]).Http.PostAsJsonAsync($"/api/elements/{HostedApp.OpenLogin}/register", new { bindCode });
                    if (registered.IsSuccessStatusCode)
                    {
                        acknowledged.Add((openId, JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("userId").GetInt64()));
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    await Task.Delay(50); // that node is down: the next attempt may find it restarted
                }
            }
        })).ToList();

        for (var kill = 0; kill < kills; kill++)
        {
            await Task.Delay(random.Next(300, 1000));
            var victim = random.Next(3);
            nodes[victim].Kill();
            await nodes[victim].DisposeAsync();
            Volatile.Write(ref nodes[victim], await HostProcess.StartAsync(copies[victim].Directory));
        }

        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        acknowledged.Should().NotBeEmpty("the nodes acknowledged registrations between the kills");

        // Every acknowledged registration logs in as the same user, on any node.
        foreach (var (openId, userId) in acknowledged.Take(12))
        {
            var node = nodes[random.Next(3)];
            var login = await node.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode(openId) });
            var session = await nodes[random.Next(3)].CallOkAsync(HostedApp.AuthSvc, "loginByCode", new { loginCode = login.GetProperty("loginCode").GetString() });
            session.GetProperty("userId").GetInt64().Should().Be(userId, $"{openId} registered as user {userId}");
        }

        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        await using var db = new NpgsqlConnection(server.ConnectionString(database));
        await db.OpenAsync();
        foreach (var (openId, userId) in acknowledged)
        {
            (await db.ExecuteScalarAsync<long?>("SELECT user_id FROM auth_logins WHERE subject = @openId", new { openId }))
                .Should().Be(userId, $"registration of {openId} was acknowledged");
        }

        (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM (SELECT subject FROM auth_logins GROUP BY subject HAVING COUNT(DISTINCT user_id) > 1) t"))
            .Should().Be(0, "no openid has two users");
        (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM auth_users u WHERE NOT EXISTS (SELECT 1 FROM auth_logins b WHERE b.user_id = u.user_id)"))
            .Should().Be(0, "no half user");
        (await db.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM auth_codes c WHERE c.kind = 'bind' AND c.used_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM auth_logins b WHERE b.subject = c.subject)
            """)).Should().Be(0, "no bindCode marked redeemed without its registration");

        var plain = sessionKeys.Take(200).Select(key => Encoding.UTF8.GetBytes(key)).ToArray();
        var stored = (await db.QueryAsync<byte[]>("SELECT session_key FROM auth_wechat_logins WHERE session_key IS NOT NULL UNION ALL SELECT secret FROM auth_codes WHERE secret IS NOT NULL")).ToList();
        stored.Should().NotBeEmpty();
        stored.Count(value => plain.Any(key => Contains(value, key))).Should().Be(0, "session keys are stored encrypted");
        copies.ForEach(copy => copy.Dispose());
    }

    private static bool Contains(byte[] value, byte[] key) => value.AsSpan().IndexOf(key) >= 0;
}
