using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace JitRuntime.Tests.Host;

/// <summary>
/// The host killed with SIGKILL in the middle of registrations, again and again at random moments: after each
/// restart every acknowledged registration is there, and no user, binding or bindCode is left half done.
/// JIT_CRASH_ITERATIONS raises the number of kills for a longer run.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class CrashSafetyTests
{
    [Fact]
    public async Task SIGKILL_during_registrations_loses_no_acknowledged_one_and_leaves_nothing_half_done()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("JIT_CRASH_ITERATIONS"), out var n) ? n : 5;
        var random = new Random(42);
        await using var hosted = await HostedApp.CreateAsync();
        var acknowledged = new ConcurrentBag<(string OpenId, long UserId)>();

        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var host = await hosted.StartHostAsync();
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
            {
                for (var seq = 0; !stop.IsCancellationRequested; seq++)
                {
                    var openId = $"crash-{iteration}-{worker}-{seq}";
                    try
                    {
                        using var bind = await host.Http.PostAsJsonAsync($"/api/elements/{HostedApp.OpenLogin}/getLoginCode", new { code = hosted.WeChat.IssueCode(openId) });
                        var bindCode = JsonDocument.Parse(await bind.Content.ReadAsStringAsync()).RootElement.GetProperty("bindCode").GetString();
                        using var registered = await host.Http.PostAsJsonAsync($"/api/elements/{HostedApp.OpenLogin}/register", new { bindCode });
                        if (registered.IsSuccessStatusCode)
                        {
                            var user = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("userId").GetInt64();
                            acknowledged.Add((openId, user));
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
                    {
                        return; // the host is gone
                    }
                }
            })).ToList();

            await Task.Delay(random.Next(300, 1200));
            host.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(workers);
            await host.DisposeAsync();
        }

        acknowledged.Should().NotBeEmpty("the host must have acknowledged registrations before being killed");

        // One more start proves the file opens after the last kill; then check it directly.
        await using (var last = await hosted.StartHostAsync())
        {
            using var health = await last.Http.GetAsync("/health");
            health.IsSuccessStatusCode.Should().BeTrue();
        }

        await using var db = new SqliteConnection($"Data Source={Path.Combine(hosted.App.Directory, "data", "app.db")};Pooling=False");
        await db.OpenAsync();
        (await db.ExecuteScalarAsync<string>("PRAGMA integrity_check")).Should().Be("ok");
        foreach (var (openId, userId) in acknowledged)
        {
            (await db.ExecuteScalarAsync<long?>("SELECT user_id FROM auth_logins WHERE subject = @openId", new { openId }))
                .Should().Be(userId, $"registration of {openId} was acknowledged");
        }

        var users = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM auth_users");
        var bindings = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM auth_logins");
        var usedBindCodes = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM auth_codes WHERE kind = 'bind' AND used_at IS NOT NULL");
        var usersWithoutBinding = await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM auth_users u WHERE NOT EXISTS (SELECT 1 FROM auth_logins b WHERE b.user_id = u.user_id)");
        var redeemedWithoutBinding = await db.ExecuteScalarAsync<long>("""
            SELECT COUNT(*) FROM auth_codes c WHERE c.kind = 'bind' AND c.used_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM auth_logins b WHERE b.subject = c.subject)
            """);
        usersWithoutBinding.Should().Be(0, "no half user");
        redeemedWithoutBinding.Should().Be(0, "no bindCode marked redeemed without its registration");
        bindings.Should().Be(users).And.Be(usedBindCodes, "each registration is one user, one binding and one redeemed bindCode");
        bindings.Should().BeGreaterThanOrEqualTo(acknowledged.Count);
    }
}
