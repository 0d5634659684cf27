using System.Text;
using System.Text.Json;
using JitRuntime.Auths.WeChat;
using JitRuntime.Calls;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// WeChat beyond code2session against the fake: the phone number (stored encrypted, found by keyed hash), one
/// access_token per appid for every node, rejected tokens replaced with one retry (forced at most once per 30 s),
/// the session-key check, and unionid linking. No token or phone number in logs or database bytes.
/// </summary>
public sealed class WeChatServerApiTests
{
    private static async Task<ElementCallException> RefusedAsync(Func<Task> call) => (await call.Should().ThrowAsync<ElementCallException>()).Which;

    private static async Task<(long UserId, string Token)> SessionAsync(LoginHarness h, string openId)
    {
        var userId = await h.RegisterAsync(openId);
        var login = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode(openId));
        return (userId, (await h.AuthSvc.LoginByCodeAsync(login.LoginCode!)).Token!);
    }

    [Fact]
    public async Task GetPhoneNumber_returns_the_number_to_its_user_and_stores_it_encrypted_with_a_lookup_hash()
    {
        await using var h = await LoginHarness.StartAsync();
        var (alice, aliceToken) = await SessionAsync(h, "openid-phone-alice");
        var (bob, bobToken) = await SessionAsync(h, "openid-phone-bob");

        var call = JsonSerializer.SerializeToElement(new { code = h.WeChat.IssuePhoneCode("openid-phone-alice", "13800138000") });
        var result = await h.JitApp.InvokeAsync(LoginHarness.LoginName, "getPhoneNumber", call, ElementCaller.Remote(aliceToken));
        JsonSerializer.Serialize(result, ElementJson.Options).Should().Be("""{"phoneNumber":"13800138000","purePhoneNumber":"13800138000","countryCode":"86"}""");

        (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_audit WHERE event = 'phone_number' AND user_id = @alice AND outcome = 'ok'", new { alice }))
            .Should().Be(1, "reading a phone number is audited (without the number)");
        (await h.AuthSvc.FindUsersByPhoneAsync("13800138000")).Should().Equal(alice);
        (await h.AuthSvc.FindUsersByPhoneAsync("138 0013 8000", "+86")).Should().Equal([alice], "the number is normalized to digits");
        (await h.AuthSvc.FindUsersByPhoneAsync("13800138001")).Should().BeEmpty();
        (await h.QueryScalarAsync<string>("SELECT phone_hash FROM auth_users WHERE user_id = @alice", new { alice })).Should().HaveLength(64);

        // Another user's phone code through Alice's session: WeChat checks code and openid belong together.
        var bobsCode = JsonSerializer.SerializeToElement(new { code = h.WeChat.IssuePhoneCode("openid-phone-bob", "13900139000") });
        var mismatch = await RefusedAsync(() => h.JitApp.InvokeAsync(LoginHarness.LoginName, "getPhoneNumber", bobsCode, ElementCaller.Remote(aliceToken)));
        mismatch.Code.Should().Be("wechat_invalid_phone_code");
        mismatch.Message.Should().Contain("not wx.login's");
        var forOther = JsonSerializer.SerializeToElement(new { code = h.WeChat.IssuePhoneCode("openid-phone-bob", "13900139000"), userId = bob });
        (await RefusedAsync(() => h.JitApp.InvokeAsync(LoginHarness.LoginName, "getPhoneNumber", forOther, ElementCaller.Remote(aliceToken))))
            .Code.Should().Be("forbidden");
        (await RefusedAsync(() => h.JitApp.InvokeAsync(LoginHarness.LoginName, "getPhoneNumber", call, ElementCaller.Remote(null))))
            .Code.Should().Be("authentication_required", "getPhoneNumber is loginRequired 1");
        (await h.Login.GetPhoneNumberAsync(h.WeChat.IssuePhoneCode("openid-phone-bob", "13900139000"), userId: bob)).PurePhoneNumber.Should().Be("13900139000",
            "a trusted caller names the user");
        _ = bobToken;
        var foreign = await RefusedAsync(() => h.Login.GetPhoneNumberAsync(h.WeChat.IssuePhoneCode("openid-phone-bob", "13600136000", watermarkAppId: "wx-another-app"), userId: bob));
        foreign.Code.Should().Be("watermark_mismatch", "a number WeChat issued for another Mini Program is not stored");
        (await h.AuthSvc.FindUsersByPhoneAsync("13600136000")).Should().BeEmpty();

        h.WeChat.TokenFetches.Should().Be(1, "one access_token served every call");
        await AssertNoSecretAsync(h, h.WeChat.TokensIssued.Concat(["13800138000", "13900139000"]));
    }

    [Fact]
    public async Task Three_runtimes_on_one_database_fetch_the_access_token_once_for_300_phone_number_calls()
    {
        var server = await PostgresServer.Shared;
        var database = await server.CreateDatabaseAsync();
        await using var weChat = await FakeWeChatServer.StartAsync();
        weChat.StableTokenDelay = TimeSpan.FromMilliseconds(300); // Every node asks while the first fetch is in flight.
        var nodes = new List<LoginHarness>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var app = new TempApp();
                await LoginHarness.WritePostgresDatabaseElementAsync(app, server, database);
                nodes.Add(await LoginHarness.StartAsync(DatabaseEngine.PostgreSql, app: app, sharedWeChat: weChat));
            }

            var users = new List<(long UserId, string OpenId)>();
            for (var i = 0; i < 3; i++)
            {
                var openId = $"openid-nodes-{i}";
                users.Add((await nodes[i].RegisterAsync(openId), openId));
            }

            var calls = Enumerable.Range(0, 300).Select(i => (Node: nodes[i % 3], User: users[(i / 3) % 3])).ToList();
            await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (call, cancellationToken) =>
            {
                var phone = $"1380000{call.User.UserId:D4}";
                var result = await call.Node.Login.GetPhoneNumberAsync(weChat.IssuePhoneCode(call.User.OpenId, phone), call.User.UserId, null, cancellationToken);
                result.PurePhoneNumber.Should().Be(phone);
            });

            weChat.PhoneNumberCalls.Should().Be(300);
            var fetchLog = string.Join("\n", nodes.SelectMany((node, i) => node.Logs.Lines.Where(l => l.Contains("WeChatAccessTokens", StringComparison.Ordinal)).Select(l => $"node {i}: {l}")));
            weChat.TokenFetches.Should().Be(1, "one node fetched under the lease; the others waited for its token:\n" + fetchLog);
            weChat.RejectedTokens.Should().Be(0);
            foreach (var node in nodes)
            {
                await AssertNoSecretAsync(node, weChat.TokensIssued, checkDatabaseFile: false);
            }

            (await nodes[0].QueryScalarAsync<long>(
                "SELECT COUNT(*) FROM auth_wechat_tokens WHERE position(convert_to(@token, 'UTF8') in token) > 0", new { token = weChat.TokensIssued.First() }))
                .Should().Be(0, "the token is stored encrypted");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_token_rotated_elsewhere_costs_one_retry_and_a_revoked_one_is_forced_at_most_once_per_30_seconds()
    {
        await using var h = await LoginHarness.StartAsync();
        var userId = await h.RegisterAsync("openid-rotate");
        Task<JitRuntime.Auths.LoginTypes.PhoneNumberResult> PhoneAsync() => h.Login.GetPhoneNumberAsync(h.WeChat.IssuePhoneCode("openid-rotate", "13700137000"), userId);

        await PhoneAsync();
        h.WeChat.RotateToken(); // Another system forced a refresh: our cached token is now refused.
        await PhoneAsync();
        (h.WeChat.TokenFetches, h.WeChat.ForcedTokenFetches, h.WeChat.RejectedTokens).Should().Be((2, 0, 1),
            "normal mode hands out the new token: one rejected call, one fetch, one retry");

        h.WeChat.RevokeTokenWithoutRotating(); // Normal mode keeps handing out a token WeChat refuses: only a forced refresh helps.
        await PhoneAsync();
        (h.WeChat.ForcedTokenFetches, h.WeChat.RejectedTokens).Should().Be((1, 2));

        h.WeChat.RevokeTokenWithoutRotating();
        var refused = await RefusedAsync(PhoneAsync);
        refused.Code.Should().Be("wechat_access_token_invalid", "a second forced refresh within 30 s is not attempted");
        h.WeChat.ForcedTokenFetches.Should().Be(1);

        h.Clock.Advance(TimeSpan.FromSeconds(31));
        await PhoneAsync();
        h.WeChat.ForcedTokenFetches.Should().Be(2);
        await AssertNoSecretAsync(h, h.WeChat.TokensIssued);
    }

    [Fact]
    public async Task CheckSession_says_valid_then_stale_and_a_stale_key_decrypts_nothing_until_the_user_logs_in_again()
    {
        await using var h = await LoginHarness.StartAsync();
        var userId = await h.RegisterAsync("openid-check");

        (await h.Login.CheckSessionAsync(userId)).Valid.Should().BeTrue();
        h.WeChat.ExpireSessionKey("openid-check");
        (await h.Login.CheckSessionAsync(userId)).Valid.Should().BeFalse();
        (await h.QueryScalarAsync<long>("SELECT w.session_key_stale FROM auth_wechat_logins w JOIN auth_logins l ON l.login_element = w.login_element AND l.subject = w.open_id WHERE l.user_id = @userId", new { userId })).Should().Be(1);
        var before = h.WeChat.TotalRequests;
        var decrypt = await RefusedAsync(() => h.Login.DecryptDataAsync(userId, "AAAA", "AAAAAAAAAAAAAAAAAAAAAA=="));
        decrypt.Code.Should().Be("session_key_stale");
        h.WeChat.TotalRequests.Should().Be(before, "a key known to be stale is refused without asking WeChat");

        await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-check")); // A new wx.login brings a fresh key.
        (await h.Login.CheckSessionAsync(userId)).Valid.Should().BeTrue();
        (await RefusedAsync(() => h.Login.CheckSessionAsync())).Code.Should().Be("invalid_argument", "a trusted caller must name the user");
    }

    [Fact]
    public async Task LinkByUnionId_links_a_new_openid_to_the_one_user_of_its_unionid_and_refuses_to_merge_two()
    {
        using var app = new TempApp();
        foreach (var (name, link) in new[] { ("linkedLogin", 1), ("plainLogin", 0), ("thirdLogin", 0) })
        {
            app.Element($"auths/loginTypes/{name}", $$"""
                { "title": "{{name}}", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./c.json", "allowRegister": 1, "linkByUnionId": {{link}} }
                """);
            app.Write($"elements/auths/loginTypes/{name}/c.json", $$"""{ "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{FakeWeChatServer.AppSecret}}" } }""");
        }

        await using var h = await LoginHarness.StartAsync(app: app);
        var linked = h.JitApp.GetElement<JitRuntime.Auths.LoginTypes.WeChatMini.WeChatMiniType>("auths.loginTypes.linkedLogin");
        var plain = h.JitApp.GetElement<JitRuntime.Auths.LoginTypes.WeChatMini.WeChatMiniType>("auths.loginTypes.plainLogin");
        var third = h.JitApp.GetElement<JitRuntime.Auths.LoginTypes.WeChatMini.WeChatMiniType>("auths.loginTypes.thirdLogin");
        var alice = await h.RegisterAsync("openid-mini-alice", unionId: "union-alice");

        var viaLink = await linked.GetLoginCodeAsync(h.WeChat.IssueCode("openid-other-alice", "union-alice"));
        viaLink.BindCode.Should().BeNull();
        (await h.AuthSvc.LoginByCodeAsync(viaLink.LoginCode!)).UserId.Should().Be(alice, "the new openid is linked to the user of its unionid");
        (await plain.GetLoginCodeAsync(h.WeChat.IssueCode("openid-plain-alice", "union-alice"))).BindCode.Should().NotBeNull("linkByUnionId 0 never links");
        (await linked.GetLoginCodeAsync(h.WeChat.IssueCode("openid-new", "union-nobody"))).BindCode.Should().NotBeNull("an unknown unionid registers as before");

        // Two users behind one unionid: linking would merge them, so it is refused.
        var other = await third.GetLoginCodeAsync(h.WeChat.IssueCode("openid-third-bob", "union-shared"));
        await third.RegisterAsync(other.BindCode!);
        await h.RegisterAsync("openid-mini-carol", unionId: "union-shared");
        var before = await h.SnapshotAsync();
        var conflict = await RefusedAsync(() => linked.GetLoginCodeAsync(h.WeChat.IssueCode("openid-linked-x", "union-shared")));
        conflict.Code.Should().Be("unionid_conflict");
        conflict.Kind.Should().Be(ElementErrorKind.Conflict);
        (await h.SnapshotAsync()).Should().Be(before, "nothing is bound when linking is refused");
    }

    /// <summary>No secret in any log line, nor (SQLite) anywhere in the database file's bytes.</summary>
    private static async Task AssertNoSecretAsync(LoginHarness h, IEnumerable<string> secrets, bool checkDatabaseFile = true)
    {
        var logs = string.Join("\n", h.Logs.Lines);
        byte[] file = [];
        if (checkDatabaseFile)
        {
            await using (var connection = await h.Database.OpenAsync())
            {
                await Dapper.SqlMapper.ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            }

            file = await File.ReadAllBytesAsync(h.DatabasePath);
        }

        foreach (var secret in secrets.Distinct())
        {
            logs.Should().NotContain(secret);
            if (checkDatabaseFile)
            {
                file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).Should().Be(-1, "no secret is stored in plain text");
            }
        }
    }
}
