using JitRuntime.Tests.Support;
using JitRuntime.Calls;
using JitRuntime.Tests.Fakes;

namespace JitRuntime.Tests.Auths;

/// <summary>The whole WeChat Mini Program login, through real HTTP to the fake WeChat and a real SQLite file.</summary>
public abstract class LoginFlowTests(DatabaseEngine engine)
{
    [Fact]
    public async Task A_new_user_registers_with_the_bindCode_then_logs_in_to_a_session()
    {
        await using var h = await LoginHarness.StartAsync(engine, allowRegister: 1);

        var first = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-alice"));
        first.BindCode.Should().HaveLength(43);
        first.LoginCode.Should().BeNull();
        first.ExpiresIn.Should().Be(300, "a bindCode lives 5 minutes");

        var registered = await h.Login.RegisterAsync(first.BindCode!);
        registered.UserId.Should().BePositive();
        registered.LoginCode.Should().HaveLength(43);

        var again = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-alice"));
        again.BindCode.Should().BeNull();
        again.LoginCode.Should().HaveLength(43);
        again.CorpList.Should().BeEmpty();

        var session = await h.AuthSvc.LoginByCodeAsync(again.LoginCode!, platform: "wechatMini");
        session.UserId.Should().Be(registered.UserId);
        session.CorpId.Should().BeNull();
        session.Token.Should().HaveLength(43);
        session.LoginElement.Should().Be(LoginHarness.LoginName);

        var described = await h.AuthSvc.GetSessionAsync(session.Token!);
        described.UserId.Should().Be(registered.UserId);
        described.Token.Should().BeNull("the token is only ever returned by loginByCode");

        (await h.AuthSvc.LogoutAsync(session.Token!)).Success.Should().BeTrue();
        var afterLogout = () => h.AuthSvc.GetSessionAsync(session.Token!);
        (await afterLogout.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("session_invalid");
    }

    [Fact]
    public async Task The_loginCode_from_register_completes_a_login_without_another_wx_login()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var bind = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-bob"));

        var registered = await h.Login.RegisterAsync(bind.BindCode!);
        var session = await h.AuthSvc.LoginByCodeAsync(registered.LoginCode);

        session.UserId.Should().Be(registered.UserId);
    }

    [Fact]
    public async Task An_unknown_user_is_refused_when_registration_is_closed_and_nothing_is_stored()
    {
        await using var h = await LoginHarness.StartAsync(engine, allowRegister: 0);
        var before = await h.SnapshotAsync();

        var act = () => h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-stranger"));

        var error = (await act.Should().ThrowAsync<ElementCallException>()).Which;
        error.Code.Should().Be("registration_closed");
        error.Kind.Should().Be(ElementErrorKind.Refused);
        (await h.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task The_unionid_is_stored_with_the_binding_when_WeChat_sends_one()
    {
        await using var h = await LoginHarness.StartAsync(engine);

        var userId = await h.RegisterAsync("openid-carol", unionId: "union-carol");

        (await h.QueryScalarAsync<string>("SELECT w.union_id FROM auth_wechat_logins w JOIN auth_logins l ON l.login_element = w.login_element AND l.subject = w.open_id WHERE l.user_id = @userId", new { userId }))
            .Should().Be("union-carol");
    }

    [Fact]
    public async Task Bind_attaches_an_existing_user_and_unbind_removes_it()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var userId = await h.RegisterAsync("openid-first");
        (await h.Login.UnbindAsync(userId)).Should().BeEquivalentTo(new { Success = true });

        var bound = await h.Login.BindAsync(userId, h.WeChat.IssueCode("openid-second"));

        bound.Success.Should().BeTrue();
        bound.Message.Should().Contain($"user {userId}");
        var login = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-second"));
        (await h.AuthSvc.LoginByCodeAsync(login.LoginCode!)).UserId.Should().Be(userId);
    }

    [Fact]
    public async Task Bind_refuses_an_unknown_user_a_taken_openid_and_a_user_already_bound()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var alice = await h.RegisterAsync("openid-alice");
        var bob = await h.RegisterAsync("openid-bob");
        await h.Login.UnbindAsync(bob);

        async Task<ElementCallException> Refusal(Func<Task> act) => (await act.Should().ThrowAsync<ElementCallException>()).Which;

        (await Refusal(() => h.Login.BindAsync(999_999, h.WeChat.IssueCode("openid-x")))).Code.Should().Be("user_not_found");
        (await Refusal(() => h.Login.BindAsync(bob, h.WeChat.IssueCode("openid-alice")))).Code.Should().Be("wechat_user_bound_elsewhere");
        (await Refusal(() => h.Login.BindAsync(alice, h.WeChat.IssueCode("openid-new")))).Code.Should().Be("already_bound");
        (await Refusal(() => h.Login.BindAsync(0, "whatever"))).Code.Should().Be("invalid_argument");
    }

    [Fact]
    public async Task Unbind_without_a_binding_is_a_clear_error()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var userId = await h.RegisterAsync("openid-once");
        await h.Login.UnbindAsync(userId);

        var act = () => h.Login.UnbindAsync(userId);

        var error = (await act.Should().ThrowAsync<ElementCallException>()).Which;
        error.Code.Should().Be("not_bound");
        error.Kind.Should().Be(ElementErrorKind.NotFound);
    }

    [Fact]
    public async Task CorpList_lists_the_users_organizations_and_loginByCode_picks_one()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var userId = await h.RegisterAsync("openid-worker");
        await h.AuthSvc.AddCorpAsync("acme", "Acme Ltd");
        await h.AuthSvc.AddCorpAsync("globex", "Globex");
        await h.AuthSvc.AddCorpAsync("initech", "Initech");
        await h.AuthSvc.AddMemberAsync("acme", userId);
        await h.AuthSvc.AddMemberAsync("globex", userId);

        var login = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-worker"));

        login.CorpList!.Select(c => (c.CorpId, c.CorpName)).Should().Equal(("acme", "Acme Ltd"), ("globex", "Globex"));
        var noCorp = () => h.AuthSvc.LoginByCodeAsync(login.LoginCode!);
        (await noCorp.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("corp_required");
        var foreign = () => h.AuthSvc.LoginByCodeAsync(login.LoginCode!, corp: "initech");
        (await foreign.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("not_member_of_corp");

        var session = await h.AuthSvc.LoginByCodeAsync(login.LoginCode!, corp: "globex", platform: "wechatMini");
        session.CorpId.Should().Be("globex", "refused attempts do not consume the loginCode");
        session.Platform.Should().Be("wechatMini");
    }

    [Fact]
    public async Task A_user_in_one_organization_logs_in_to_it_without_naming_it()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var userId = await h.RegisterAsync("openid-solo");
        await h.AuthSvc.AddCorpAsync("acme", "Acme Ltd");
        await h.AuthSvc.AddMemberAsync("acme", userId);
        var login = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-solo"));

        (await h.AuthSvc.LoginByCodeAsync(login.LoginCode!)).CorpId.Should().Be("acme");
    }

    [Fact]
    public async Task Session_tokens_expire()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var userId = await h.RegisterAsync("openid-sleepy");
        var login = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-sleepy"));
        var session = await h.AuthSvc.LoginByCodeAsync(login.LoginCode!);

        h.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        var act = () => h.AuthSvc.GetSessionAsync(session.Token!);
        (await act.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("session_invalid");
        userId.Should().Be(session.UserId);
    }
}

/// <summary>The suite on the implicit SQLite database.</summary>
public sealed class SqliteLoginFlowTests() : LoginFlowTests(DatabaseEngine.Sqlite);

/// <summary>The suite on a PostgreSQL database element.</summary>
public sealed class PostgreSqlLoginFlowTests() : LoginFlowTests(DatabaseEngine.PostgreSql);
