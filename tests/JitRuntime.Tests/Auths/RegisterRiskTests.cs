using System.Text.Json;
using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Calls;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// <c>registerRisk</c>: WeChat's risk rank (getuserriskrank, scene 0) is asked before a new user gets a bindCode, and a
/// rank above <c>maxRank</c> refuses the registration; what happens when WeChat does not answer is the element's choice.
/// </summary>
public abstract class RegisterRiskTests(DatabaseEngine engine)
{
    private const string Risky = "auths.loginTypes.riskLogin";
    private const string Client = "203.0.113.7";

    private Task<LoginHarness> StartAsync(string onUnavailable = "allow")
    {
        var app = new TempApp();
        app.Element("auths/loginTypes/riskLogin", $$"""
            { "title": "Risk", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./c.json", "allowRegister": 1,
              "registerRisk": { "maxRank": 2, "onUnavailable": "{{onUnavailable}}" } }
            """);
        app.Write("elements/auths/loginTypes/riskLogin/c.json", $$"""{ "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{FakeWeChatServer.AppSecret}}" } }""");
        return LoginHarness.StartAsync(engine, app: app);
    }

    /// <summary>getLoginCode as a remote client at <see cref="Client"/> calls it, through the dispatch (so the audit trail sees it).</summary>
    private static Task<object?> GetLoginCodeAsync(LoginHarness h, string openId) =>
        h.JitApp.InvokeAsync(Risky, "getLoginCode", JsonSerializer.SerializeToElement(new { code = h.WeChat.IssueCode(openId) }),
            ElementCaller.Remote(null, Client));

    [Fact]
    public async Task A_rank_at_most_the_maximum_registers_and_WeChat_is_asked_with_scene_0_the_openid_and_the_clients_address()
    {
        await using var h = await StartAsync();
        h.WeChat.RiskRanks["openid-fine"] = 2;

        var answer = (JitRuntime.Auths.LoginTypes.GetLoginCodeResult)(await GetLoginCodeAsync(h, "openid-fine"))!;

        answer.BindCode.Should().NotBeNull();
        h.WeChat.RiskRankRequests.Should().ContainSingle().Which.Should().Be(("openid-fine", 0, Client));
    }

    [Fact]
    public async Task A_rank_above_the_maximum_is_registration_risky_with_the_rank_audited_and_nothing_stored()
    {
        await using var h = await StartAsync();
        h.WeChat.RiskRanks["openid-risky"] = 3;
        var before = await h.SnapshotAsync();

        var refused = (await FluentActions.Awaiting(() => GetLoginCodeAsync(h, "openid-risky")).Should().ThrowAsync<ElementCallException>()).Which;

        refused.Code.Should().Be("registration_risky");
        refused.Kind.Should().Be(ElementErrorKind.Refused);
        refused.Extensions["riskRank"].Should().Be(3);
        (await h.SnapshotAsync()).Should().Be(before, "no bindCode for a risky user");
        (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_audit WHERE event = 'refused' AND outcome = 'getLoginCode:registration_risky'")).Should().Be(1);
    }

    [Fact]
    public async Task When_WeChat_does_not_answer_the_default_allows_with_a_warning_and_refuse_answers_its_error()
    {
        await using (var allowing = await StartAsync())
        {
            allowing.WeChat.RiskRankBusy = true;
            var answer = (JitRuntime.Auths.LoginTypes.GetLoginCodeResult)(await GetLoginCodeAsync(allowing, "openid-unknown-risk"))!;
            answer.BindCode.Should().NotBeNull();
            allowing.Logs.Lines.Should().Contain(l => l.Contains("risk rank could not be had (wechat_busy)", StringComparison.Ordinal));
        }

        await using var refusing = await StartAsync("refuse");
        refusing.WeChat.RiskRankBusy = true;
        var before = await refusing.SnapshotAsync();
        var refused = (await FluentActions.Awaiting(() => GetLoginCodeAsync(refusing, "openid-unknown-risk")).Should().ThrowAsync<ElementCallException>()).Which;
        refused.Code.Should().Be("wechat_busy");
        (await refusing.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Known_users_and_elements_without_registerRisk_never_ask()
    {
        await using var h = await StartAsync();
        var userId = await h.RegisterAsync("openid-plain"); // the harness's miniLogin: no registerRisk
        h.WeChat.RiskRankRequests.Should().BeEmpty();

        var risky = h.JitApp.GetElement<WeChatMiniType>(Risky);
        var bind = await risky.GetLoginCodeAsync(h.WeChat.IssueCode("openid-known"));
        await risky.RegisterAsync(bind.BindCode!);
        var requests = h.WeChat.RiskRankRequests.Count;
        (await risky.GetLoginCodeAsync(h.WeChat.IssueCode("openid-known"))).LoginCode.Should().NotBeNull();
        h.WeChat.RiskRankRequests.Should().HaveCount(requests, "a known user is not asked about again");
        userId.Should().BePositive();
    }
}

/// <summary>On the implicit SQLite database.</summary>
public sealed class SqliteRegisterRiskTests() : RegisterRiskTests(DatabaseEngine.Sqlite);

/// <summary>On a PostgreSQL database element.</summary>
public sealed class PostgreSqlRegisterRiskTests() : RegisterRiskTests(DatabaseEngine.PostgreSql);
