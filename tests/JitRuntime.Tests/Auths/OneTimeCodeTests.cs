using JitRuntime.Tests.Support;
using JitRuntime.Auths.Security;
using JitRuntime.Calls;
using JitRuntime.Tests.Fakes;

namespace JitRuntime.Tests.Auths;

/// <summary>bindCodes and loginCodes: random, single use (enforced by the database), expiring, stored hashed.</summary>
public abstract class OneTimeCodeTests(DatabaseEngine engine)
{
    private static async Task<ElementCallException> Refusal(Func<Task> act) => (await act.Should().ThrowAsync<ElementCallException>()).Which;

    [Fact]
    public void Codes_carry_256_random_bits_as_base64url_and_differ_every_time()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => OneTimeCode.Generate().Code).ToList();

        codes.Should().OnlyHaveUniqueItems().And.OnlyContain(c => OneTimeCode.IsWellFormed(c));
        OneTimeCode.IsWellFormed("short").Should().BeFalse();
        OneTimeCode.IsWellFormed(new string('a', 42) + "!").Should().BeFalse();
    }

    [Fact]
    public async Task Codes_are_stored_only_as_hashes()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var result = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-hash"));

        var stored = await h.QueryScalarAsync<byte[]>("SELECT code_hash FROM auth_codes WHERE kind = 'bind'");

        stored.Should().Equal(OneTimeCode.Hash(result.BindCode!));
        (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_codes WHERE code_hash = @plain", new { plain = System.Text.Encoding.ASCII.GetBytes(result.BindCode!) }))
            .Should().Be(0);
        if (engine == DatabaseEngine.Sqlite)
        {
            (await File.ReadAllBytesAsync(h.DatabasePath)).Should().NotContainInOrder(System.Text.Encoding.ASCII.GetBytes(result.BindCode!));
        }
    }

    [Fact]
    public async Task A_bindCode_is_redeemed_once_then_refused_as_used()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var bind = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-a"));
        await h.Login.RegisterAsync(bind.BindCode!);

        var error = await Refusal(() => h.Login.RegisterAsync(bind.BindCode!));

        error.Code.Should().Be("bind_code_used");
        error.Kind.Should().Be(ElementErrorKind.Conflict);
    }

    [Fact]
    public async Task A_bindCode_expires_after_5_minutes_and_changes_nothing()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var bind = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-late"));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var before = await h.SnapshotAsync();

        var error = await Refusal(() => h.Login.RegisterAsync(bind.BindCode!));

        error.Code.Should().Be("bind_code_expired");
        error.Kind.Should().Be(ElementErrorKind.Expired);
        (await h.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_bindCode_just_inside_5_minutes_still_works()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var bind = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-prompt"));
        h.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));

        (await h.Login.RegisterAsync(bind.BindCode!)).UserId.Should().BePositive();
    }

    [Fact]
    public async Task Unknown_and_malformed_bindCodes_are_told_apart()
    {
        await using var h = await LoginHarness.StartAsync(engine);

        (await Refusal(() => h.Login.RegisterAsync(OneTimeCode.Generate().Code))).Code.Should().Be("bind_code_invalid");
        (await Refusal(() => h.Login.RegisterAsync("not-a-code"))).Code.Should().Be("invalid_argument");
        (await Refusal(() => h.Login.RegisterAsync(""))).Kind.Should().Be(ElementErrorKind.InvalidArgument);
    }

    [Fact]
    public async Task A_loginCode_cannot_be_used_as_a_bindCode_nor_twice()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        await h.RegisterAsync("openid-dup");
        var login = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-dup"));

        (await Refusal(() => h.Login.RegisterAsync(login.LoginCode!))).Code.Should().Be("bind_code_invalid");
        await h.AuthSvc.LoginByCodeAsync(login.LoginCode!);
        (await Refusal(() => h.AuthSvc.LoginByCodeAsync(login.LoginCode!))).Code.Should().Be("login_code_used");
    }

    [Fact]
    public async Task A_loginCode_expires()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        await h.RegisterAsync("openid-slow");
        var login = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-slow"));
        h.Clock.Advance(TimeSpan.FromMinutes(2));

        (await Refusal(() => h.AuthSvc.LoginByCodeAsync(login.LoginCode!))).Code.Should().Be("login_code_expired");
    }
}

/// <summary>The suite on the implicit SQLite database.</summary>
public sealed class SqliteOneTimeCodeTests() : OneTimeCodeTests(DatabaseEngine.Sqlite);

/// <summary>The suite on a PostgreSQL database element.</summary>
public sealed class PostgreSqlOneTimeCodeTests() : OneTimeCodeTests(DatabaseEngine.PostgreSql);
