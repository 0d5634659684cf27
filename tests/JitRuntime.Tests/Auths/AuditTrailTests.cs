using System.Net;
using System.Text.Json;
using Dapper;
using JitRuntime.Auths.Audit;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Host;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// The audit trail: every security-relevant call of a login flow over HTTP is recorded with the element, the user
/// where known, the client address and the outcome, never a code, token or secret; <c>jit audit</c> reads it; old
/// entries, ended codes and ended sessions are pruned.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class AuditTrailTests
{
    [Fact]
    public async Task A_login_flow_over_HTTP_is_recorded_without_secrets_and_jit_audit_reads_it()
    {
        await using var hosted = await HostedApp.CreateAsync();
        await using var host = await hosted.StartHostAsync();
        var openId = "openid-audit";
        var code = hosted.WeChat.IssueCode(openId);
        var bindCode = (await host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code })).GetProperty("bindCode").GetString()!;
        var registered = await host.CallOkAsync(HostedApp.OpenLogin, "register", new { bindCode });
        var userId = registered.GetProperty("userId").GetInt64();
        var loginCode = registered.GetProperty("loginCode").GetString()!;
        var token = (await host.CallOkAsync(HostedApp.AuthSvc, "loginByCode", new { loginCode, platform = "wechatMini" })).GetProperty("token").GetString()!;
        using (var reused = await host.CallAsync(HostedApp.OpenLogin, "register", new { bindCode }))
        {
            reused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        }

        using (var anonymous = await host.CallAsync(HostedApp.OpenLogin, "unbind", new { userId }))
        {
            anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        await host.CallOkAsync(HostedApp.AuthSvc, "logout", new { token });

        var (exit, output, _) = await JitCli.RunAsync("audit", "--app", hosted.App.Directory, "--format", "json");

        exit.Should().Be(0);
        var entries = JsonDocument.Parse(output).RootElement.EnumerateArray()
            .Select(e => (Event: e.GetProperty("event").GetString(), Element: e.GetProperty("element").GetString(),
                UserId: e.GetProperty("userId").ValueKind == JsonValueKind.Number ? e.GetProperty("userId").GetInt64() : (long?)null,
                Client: e.GetProperty("client").GetString(), Outcome: e.GetProperty("outcome").GetString()))
            .ToList();
        entries.Should().Equal(
            ("registered", HostedApp.OpenLogin, userId, "127.0.0.1", "ok"),
            ("login", HostedApp.AuthSvc, userId, "127.0.0.1", "ok"),
            ("refused", HostedApp.OpenLogin, (long?)null, "127.0.0.1", "register:bind_code_used"),
            ("refused", HostedApp.OpenLogin, userId, "127.0.0.1", "unbind:authentication_required"),
            ("logout", HostedApp.AuthSvc, (long?)null, "127.0.0.1", "ok"));

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(hosted.App.Directory, "data", "app.db")};Mode=ReadOnly");
        var stored = string.Join("\n", (await connection.QueryAsync("SELECT * FROM auth_audit")).Select(row => string.Join("|", ((IDictionary<string, object>)row).Values)));
        foreach (var secret in new[] { code, bindCode, loginCode, token, openId, FakeWeChatServer.AppSecret })
        {
            stored.Should().NotContain(secret);
        }

        var (_, mine, _) = await JitCli.RunAsync("audit", "--app", hosted.App.Directory, "--user", userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        mine.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(3).And.OnlyContain(line => line.Contains($"user {userId}", StringComparison.Ordinal));
        var (_, future, _) = await JitCli.RunAsync("audit", "--app", hosted.App.Directory, "--since", DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        future.Should().BeEmpty();
        var (_, recent, _) = await JitCli.RunAsync("audit", "--app", hosted.App.Directory, "--since", "1h");
        recent.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5);
    }

    [Theory]
    [InlineData("--since", "yesterday")]
    [InlineData("--since", "5y")]
    [InlineData("--limit", "0")]
    [InlineData("--user", "me")]
    public async Task Bad_audit_options_are_usage_errors(string option, string value)
    {
        var (exit, _, error) = await JitCli.RunAsync("audit", option, value);

        exit.Should().Be(2);
        error.Should().Contain("jit: ");
    }

    [Fact]
    public async Task Pruning_deletes_entries_past_the_retention_and_ended_codes_and_sessions_and_keeps_the_rest()
    {
        await using var h = await LoginHarness.StartAsync(settings: new Dictionary<string, string?> { ["Audit:Retention"] = "30.00:00:00" });
        await h.RegisterAsync("openid-prune");
        var now = h.Clock.GetUtcNow();
        await AuditStore.AppendAsync(h.Database, new AuditEntry { At = now.AddDays(-31).ToUnixTimeMilliseconds(), Event = "login", Outcome = "ok" });
        await AuditStore.AppendAsync(h.Database, new AuditEntry { At = now.AddDays(-27).ToUnixTimeMilliseconds(), Event = "login", Outcome = "ok" });
        var codes = await h.QueryScalarAsync<long>("SELECT count(*) FROM auth_codes");
        codes.Should().BePositive("registration left its codes");

        h.Clock.Advance(TimeSpan.FromDays(2)); // every code has ended by more than a day
        var pruned = await h.Services.GetRequiredService<AuditPruning>().PruneOnceAsync();

        pruned.Audit.Should().Be(1);
        pruned.Codes.Should().Be((int)codes);
        var kept = await AuditStore.ReadAsync(h.Database, null, null, 100);
        kept.Select(e => e.At).Should().Contain(now.AddDays(-27).ToUnixTimeMilliseconds())
            .And.OnlyContain(at => at >= h.Clock.GetUtcNow().AddDays(-30).ToUnixTimeMilliseconds());
        (await h.QueryScalarAsync<long>("SELECT count(*) FROM auth_codes")).Should().Be(0);
    }
}
