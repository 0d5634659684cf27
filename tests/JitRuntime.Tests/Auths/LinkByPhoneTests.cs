using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Calls;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// <c>register(bindCode, phoneCode)</c>: the number WeChat verified for the bindCode's openid is stored on the new
/// user; with <c>linkByPhone: 1</c> a number that belongs to exactly one user binds the new openid to that user
/// (two Mini Programs of one company without a unionid), two users with it refuse with <c>phone_conflict</c>, and a
/// phone code WeChat refuses (or issued to another openid) links nothing.
/// </summary>
public abstract class LinkByPhoneTests(DatabaseEngine engine)
{
    private const string Shop = "auths.loginTypes.shopLogin";
    private const string Number = "13800138000";

    private async Task<LoginHarness> StartAsync()
    {
        var app = new TempApp();
        app.Element("auths/loginTypes/shopLogin", """
            { "title": "Shop", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./c.json", "allowRegister": 1, "linkByPhone": 1 }
            """);
        app.Write("elements/auths/loginTypes/shopLogin/c.json",
            $$"""{ "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{FakeWeChatServer.AppSecret}}" } }""");
        return await LoginHarness.StartAsync(engine, app: app);
    }

    private static WeChatMiniType ShopLogin(LoginHarness h) => h.JitApp.GetElement<WeChatMiniType>(Shop);

    /// <summary>A user of the first Mini Program whose phone number WeChat verified there.</summary>
    private static async Task<long> UserWithPhoneAsync(LoginHarness h, string openId)
    {
        var userId = await h.RegisterAsync(openId);
        await h.Login.GetPhoneNumberAsync(h.WeChat.IssuePhoneCode(openId, Number), userId);
        return userId;
    }

    private static async Task<string> BindCodeAsync(LoginHarness h, string openId) =>
        (await ShopLogin(h).GetLoginCodeAsync(h.WeChat.IssueCode(openId))).BindCode!;

    [Fact]
    public async Task A_new_openid_with_the_verified_number_of_one_user_is_linked_to_that_user()
    {
        await using var h = await StartAsync();
        var userId = await UserWithPhoneAsync(h, "openid-main-app");
        var bindCode = await BindCodeAsync(h, "openid-shop-app");

        var linked = await ShopLogin(h).RegisterAsync(bindCode, h.WeChat.IssuePhoneCode("openid-shop-app", Number));

        linked.UserId.Should().Be(userId);
        linked.Linked.Should().BeTrue();
        (await h.AuthSvc.LoginByCodeAsync(linked.LoginCode)).UserId.Should().Be(userId);
        (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_users")).Should().Be(1, "no user was created");
        var again = await ShopLogin(h).GetLoginCodeAsync(h.WeChat.IssueCode("openid-shop-app"));
        (await h.AuthSvc.LoginByCodeAsync(again.LoginCode!)).UserId.Should().Be(userId, "the shop's openid is now that user's login");
    }

    [Fact]
    public async Task Without_a_match_the_verified_number_is_stored_on_the_new_user()
    {
        await using var h = await StartAsync();
        var bindCode = await BindCodeAsync(h, "openid-first-timer");

        var registered = await ShopLogin(h).RegisterAsync(bindCode, h.WeChat.IssuePhoneCode("openid-first-timer", Number));

        registered.Linked.Should().BeNull();
        (await h.AuthSvc.FindUsersByPhoneAsync(Number)).Should().Equal(registered.UserId);
    }

    [Fact]
    public async Task Two_users_with_the_number_refuse_with_phone_conflict_and_nothing_is_written()
    {
        await using var h = await StartAsync();
        await UserWithPhoneAsync(h, "openid-twin-a");
        await UserWithPhoneAsync(h, "openid-twin-b");
        var bindCode = await BindCodeAsync(h, "openid-shop-twin");
        var before = await h.SnapshotAsync();

        var act = () => ShopLogin(h).RegisterAsync(bindCode, h.WeChat.IssuePhoneCode("openid-shop-twin", Number));

        var refused = (await act.Should().ThrowAsync<ElementCallException>()).Which;
        refused.Code.Should().Be("phone_conflict");
        refused.Kind.Should().Be(ElementErrorKind.Conflict);
        (await h.SnapshotAsync()).Should().Be(before);
        (await ShopLogin(h).RegisterAsync(bindCode)).Linked.Should().BeNull("the bindCode was not spent: registering without the phone makes a new user");
    }

    [Fact]
    public async Task A_phone_code_WeChat_refuses_or_issued_to_another_openid_links_nothing()
    {
        await using var h = await StartAsync();
        await UserWithPhoneAsync(h, "openid-victim");
        var bindCode = await BindCodeAsync(h, "openid-attacker");
        var before = await h.SnapshotAsync();

        // The attacker replays a phone code the victim's Mini Program got: WeChat checks it against the bindCode's openid.
        var stolen = () => ShopLogin(h).RegisterAsync(bindCode, h.WeChat.IssuePhoneCode("openid-victim", Number));
        var made = () => ShopLogin(h).RegisterAsync(bindCode, "phone-code-never-issued");

        (await stolen.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("wechat_invalid_phone_code");
        (await made.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("wechat_invalid_phone_code");
        (await h.SnapshotAsync()).Should().Be(before);
    }
}

/// <summary>The suite on the implicit SQLite database.</summary>
public sealed class SqliteLinkByPhoneTests() : LinkByPhoneTests(DatabaseEngine.Sqlite);

/// <summary>The suite on a PostgreSQL database element.</summary>
public sealed class PostgreSqlLinkByPhoneTests() : LinkByPhoneTests(DatabaseEngine.PostgreSql);
