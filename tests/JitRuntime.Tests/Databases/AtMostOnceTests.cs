using System.Text.Json;
using JitRuntime.Auths.Security;
using JitRuntime.Calls;
using JitRuntime.Fakes;
using JitRuntime.Tests.Auths;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Databases;

/// <summary>
/// Every "at most one" guarantee of the login, raced where it can fail: 24 racers at once over three runtimes on one
/// database, several rounds. On PostgreSQL (Read Committed) a decision taken on a value read before the write lets
/// several racers through; on SQLite writers are serialised, so the same suite there checks the answers, not the race.
/// Each guarantee is decided by a write (a conditional UPDATE, an INSERT ... ON CONFLICT against a unique key), and each
/// refusal names the rule that refused it.
/// </summary>
public abstract class AtMostOnceTests(DatabaseEngine engine)
{
    private const int Racers = 24;
    private const int Rounds = 4;

    private static bool IsNumber(string outcome) => long.TryParse(outcome, out _);

    private static string Describe(string[] outcomes) => string.Join("\n", outcomes.GroupBy(o => o).Select(g => $"{g.Count()} x {g.Key}"));

    [Fact]
    public async Task A_loginCode_opens_exactly_one_session_however_many_redeem_it_on_however_many_nodes()
    {
        await using var cluster = await LoginCluster.StartAsync(engine);
        var userId = await cluster.Nodes[0].RegisterAsync("openid-login-race");
        for (var round = 0; round < Rounds; round++)
        {
            var loginCode = (await cluster.Login(round).GetLoginCodeAsync(cluster.WeChat.IssueCode("openid-login-race"))).LoginCode!;
            var sessionsBefore = await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_sessions WHERE user_id = @userId", new { userId });
            var auditBefore = await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_audit WHERE event = 'login'");
            var arguments = JsonSerializer.SerializeToElement(new { loginCode });

            var outcomes = await LoginCluster.RaceAsync(Racers, async i =>
            {
                var session = (JitRuntime.Auths.Sessions.LoginSession)(await cluster.Node(i).JitApp.InvokeAsync(
                    LoginHarness.AuthSvcName, "loginByCode", arguments))!;
                return session.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            });

            outcomes.Count(IsNumber).Should().Be(1, $"round {round}:\n{Describe(outcomes)}");
            outcomes.Where(o => !IsNumber(o)).Should().OnlyContain(o => o == "login_code_used", Describe(outcomes));
            (await cluster.Nodes[1].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_sessions WHERE user_id = @userId", new { userId }))
                .Should().Be(sessionsBefore + 1, "one loginCode, one session");
            (await cluster.Nodes[2].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_audit WHERE event = 'login'"))
                .Should().Be(auditBefore + 1, "one login in the audit trail");
        }
    }

    [Fact]
    public async Task A_loginCode_refused_for_its_corp_stays_unused_and_is_then_redeemed_once()
    {
        await using var cluster = await LoginCluster.StartAsync(engine);
        var userId = await cluster.Nodes[0].RegisterAsync("openid-corp-race");
        foreach (var corp in new[] { "a", "b" })
        {
            await cluster.Nodes[0].AuthSvc.AddCorpAsync(corp, "Corp " + corp);
            await cluster.Nodes[0].AuthSvc.AddMemberAsync(corp, userId);
        }

        var loginCode = (await cluster.Login(0).GetLoginCodeAsync(cluster.WeChat.IssueCode("openid-corp-race"))).LoginCode!;

        // Half the racers leave out the corp (refused: corp_required, which rolls the redemption back), half name one.
        var outcomes = await LoginCluster.RaceAsync(Racers, async i =>
            (await cluster.Node(i).AuthSvc.LoginByCodeAsync(loginCode, i % 2 == 0 ? null : "b")).CorpId!);

        outcomes.Count(o => o == "b").Should().Be(1, Describe(outcomes));
        outcomes.Where(o => o != "b").Should().OnlyContain(o => o == "login_code_used" || o == "corp_required", Describe(outcomes));
        (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_sessions")).Should().Be(1);
    }

    [Fact]
    public async Task A_bindCode_makes_exactly_one_user_however_many_redeem_it_on_however_many_nodes()
    {
        await using var cluster = await LoginCluster.StartAsync(engine);
        for (var round = 0; round < Rounds; round++)
        {
            var bindCode = (await cluster.Login(round).GetLoginCodeAsync(cluster.WeChat.IssueCode($"openid-bind-race-{round}"))).BindCode!;

            var outcomes = await LoginCluster.RaceAsync(Racers, async i =>
                (await cluster.Login(i).RegisterAsync(bindCode)).UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));

            outcomes.Count(IsNumber).Should().Be(1, $"round {round}:\n{Describe(outcomes)}");
            outcomes.Where(o => !IsNumber(o)).Should().OnlyContain(o => o == "bind_code_used", Describe(outcomes));
            (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_users")).Should().Be(round + 1);
            (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_logins")).Should().Be(round + 1);
        }
    }

    [Fact]
    public async Task Many_bindCodes_of_one_openid_make_one_user_per_openid()
    {
        await using var cluster = await LoginCluster.StartAsync(engine);
        for (var round = 0; round < Rounds; round++)
        {
            var openId = $"openid-twins-{round}";
            var bindCodes = new List<string>();
            for (var i = 0; i < Racers; i++)
            {
                bindCodes.Add((await cluster.Login(i).GetLoginCodeAsync(cluster.WeChat.IssueCode(openId))).BindCode!);
            }

            var outcomes = await LoginCluster.RaceAsync(Racers, async i =>
                (await cluster.Login(i).RegisterAsync(bindCodes[i])).UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));

            outcomes.Count(IsNumber).Should().Be(1, $"round {round}:\n{Describe(outcomes)}");
            outcomes.Where(o => !IsNumber(o)).Should().OnlyContain(o => o == "already_registered", Describe(outcomes));
            (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_users")).Should().Be(round + 1, "the losers rolled their users back");
            (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_logins WHERE subject = @openId", new { openId })).Should().Be(1);
        }
    }

    [Fact]
    public async Task One_user_binding_many_new_WeChat_users_at_once_gets_one_binding_and_every_other_answer_is_already_bound()
    {
        await using var cluster = await LoginCluster.StartAsync(engine);
        for (var round = 0; round < Rounds; round++)
        {
            // A user with no binding on this login element (registered, then unbound).
            var userId = await cluster.Nodes[0].RegisterAsync($"openid-owner-{round}");
            await cluster.Login(0).UnbindAsync(userId);
            var codes = Enumerable.Range(0, Racers).Select(i => cluster.WeChat.IssueCode($"openid-candidate-{round}-{i}")).ToList();

            var outcomes = await LoginCluster.RaceAsync(Racers, async i =>
            {
                await cluster.Login(i).BindAsync(userId, codes[i]);
                return "bound";
            });

            outcomes.Count(o => o == "bound").Should().Be(1, $"round {round}:\n{Describe(outcomes)}");
            outcomes.Where(o => o != "bound").Should().OnlyContain(o => o == "already_bound",
                "the user's own binding refused them, not the WeChat users (bound nowhere):\n" + Describe(outcomes));
            (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_logins WHERE user_id = @userId", new { userId })).Should().Be(1);
            (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_logins WHERE subject LIKE @prefix", new { prefix = $"openid-candidate-{round}-%" }))
                .Should().Be(1, "the refused WeChat users are bound nowhere");
        }
    }

    [Fact]
    public async Task Many_users_binding_one_WeChat_user_at_once_give_it_one_user_and_every_other_answer_is_bound_elsewhere()
    {
        await using var cluster = await LoginCluster.StartAsync(engine);
        for (var round = 0; round < Rounds; round++)
        {
            var users = new List<long>();
            for (var i = 0; i < Racers; i++)
            {
                var userId = await cluster.Node(i).RegisterAsync($"openid-user-{round}-{i}");
                await cluster.Login(i).UnbindAsync(userId);
                users.Add(userId);
            }

            var openId = $"openid-wanted-{round}";
            var codes = Enumerable.Range(0, Racers).Select(_ => cluster.WeChat.IssueCode(openId)).ToList();

            var outcomes = await LoginCluster.RaceAsync(Racers, async i =>
            {
                await cluster.Login(i).BindAsync(users[i], codes[i]);
                return "bound";
            });

            outcomes.Count(o => o == "bound").Should().Be(1, $"round {round}:\n{Describe(outcomes)}");
            outcomes.Where(o => o != "bound").Should().OnlyContain(o => o == "wechat_user_bound_elsewhere", Describe(outcomes));
            (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_logins WHERE subject = @openId", new { openId })).Should().Be(1);
        }
    }

    [Fact]
    public async Task Nodes_making_the_phone_lookup_key_at_once_agree_on_one()
    {
        await using var cluster = await LoginCluster.StartAsync(engine);
        // A hasher of its own per racer: each makes a candidate key and races to store it.
        var outcomes = await LoginCluster.RaceAsync(Racers, async i =>
            await new PhoneNumberHasher(cluster.Node(i).Database, cluster.Node(i).Services.GetRequiredService<JitRuntime.Secrets.SecretProtector>()).HashAsync("86", "13800138000"));

        outcomes.Distinct().Should().ContainSingle(Describe(outcomes));
        outcomes[0].Should().MatchRegex("^[0-9a-f]{64}$");
        (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_secrets")).Should().Be(1);
    }

    [Fact]
    public async Task First_logins_of_one_new_openid_racing_to_link_by_unionid_all_log_in_as_the_same_user_with_one_binding()
    {
        const string linked = "auths.loginTypes.linkedLogin";
        await using var cluster = await LoginCluster.StartAsync(engine, prepare: app =>
        {
            app.Element("auths/loginTypes/linkedLogin", $$"""
                { "title": "Linked", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./c.json", "allowRegister": 1, "linkByUnionId": 1 }
                """);
            app.Write("elements/auths/loginTypes/linkedLogin/c.json",
                $$"""{ "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{FakeWeChatServer.AppSecret}}" } }""");
        });
        for (var round = 0; round < Rounds; round++)
        {
            var unionId = $"union-{round}";
            var userId = await cluster.Nodes[0].RegisterAsync($"openid-first-{round}", unionId);
            var openId = $"openid-second-{round}";
            var codes = Enumerable.Range(0, Racers).Select(_ => cluster.WeChat.IssueCode(openId, unionId)).ToList();

            var outcomes = await LoginCluster.RaceAsync(Racers, async i =>
            {
                var answer = await cluster.Login(i, linked).GetLoginCodeAsync(codes[i]);
                return (await cluster.Node(i).AuthSvc.LoginByCodeAsync(answer.LoginCode!)).UserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            });

            outcomes.Should().OnlyContain(o => o == userId.ToString(System.Globalization.CultureInfo.InvariantCulture), $"round {round}:\n{Describe(outcomes)}");
            (await cluster.Nodes[0].QueryScalarAsync<long>(
                "SELECT COUNT(*) FROM auth_logins WHERE login_element = @linked AND subject = @openId", new { linked, openId })).Should().Be(1);
        }
    }

    [Fact]
    public async Task Wrong_passwords_racing_on_several_nodes_get_past_the_lockout_exactly_the_allowed_number_of_times()
    {
        await using var cluster = await LoginCluster.StartAsync(engine, prepare: app => PasswordLoginTests.PasswordApp(extra: """, "lockout": { "maxFailures": 5 }""", app: app));
        Password(cluster, 0).Should().NotBeNull();
        for (var round = 0; round < Rounds; round++)
        {
            var username = $"racer-{round}";
            await Password(cluster, round).RegisterAsync(username, "the right password");

            var outcomes = await LoginCluster.RaceAsync(Racers, async i =>
                (await Password(cluster, i).GetLoginCodeAsync(username, "a wrong password")).LoginCode ?? "no code");

            outcomes.Count(o => o == "invalid_credentials").Should().Be(5, $"round {round}: the count is taken by the write before the hash is checked\n{Describe(outcomes)}");
            outcomes.Count(o => o == "account_locked").Should().Be(Racers - 5, Describe(outcomes));
        }
    }

    [Fact]
    public async Task One_username_registered_at_once_on_several_nodes_makes_one_user()
    {
        await using var cluster = await LoginCluster.StartAsync(engine, prepare: app => PasswordLoginTests.PasswordApp(app: app));
        for (var round = 0; round < Rounds; round++)
        {
            var username = $"Popular-{round}";
            var outcomes = await LoginCluster.RaceAsync(Racers, async i =>
                (await Password(cluster, i).RegisterAsync(i % 2 == 0 ? username : username.ToUpperInvariant(), "a good password")).UserId > 0 ? "registered" : "?");

            outcomes.Count(o => o == "registered").Should().Be(1, $"round {round}:\n{Describe(outcomes)}");
            outcomes.Count(o => o == "username_taken").Should().Be(Racers - 1, Describe(outcomes));
        }

        (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_password_logins")).Should().Be(Rounds);
        (await cluster.Nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_users")).Should().Be(Rounds, "a refused registration leaves no user behind");
    }

    private static JitRuntime.Auths.LoginTypes.Password.PasswordType Password(LoginCluster cluster, int i) =>
        cluster.Node(i).JitApp.GetElement<JitRuntime.Auths.LoginTypes.Password.PasswordType>(PasswordLoginTests.PasswordName);
}

/// <summary>The races on three runtimes sharing one SQLite file (writers serialised: the answers, not the race).</summary>
public sealed class SqliteAtMostOnceTests() : AtMostOnceTests(DatabaseEngine.Sqlite);

/// <summary>The races on three runtimes sharing one PostgreSQL database: where they can fail.</summary>
public sealed class PostgreSqlAtMostOnceTests() : AtMostOnceTests(DatabaseEngine.PostgreSql);
