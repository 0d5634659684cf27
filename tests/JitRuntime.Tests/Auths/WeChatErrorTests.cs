using JitRuntime.Tests.Support;
using JitRuntime.Auths.WeChat;
using JitRuntime.Calls;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;
using Microsoft.AspNetCore.Http;

namespace JitRuntime.Tests.Auths;

/// <summary>Every WeChat failure keeps its errcode, gets a clear typed error, and changes nothing in the database.</summary>
public abstract class WeChatErrorTests(DatabaseEngine engine)
{
    private static async Task<WeChatException> FailsWith(LoginHarness h, string code)
    {
        var before = await h.SnapshotAsync();
        var act = () => h.Login.GetLoginCodeAsync(code);
        var error = (await act.Should().ThrowAsync<WeChatException>()).Which;
        (await h.SnapshotAsync()).Should().Be(before, "a WeChat failure must change nothing in the database");
        return error;
    }

    [Theory]
    [InlineData(40029, "wechat_invalid_code", ElementErrorKind.InvalidArgument)]
    [InlineData(40163, "wechat_code_used", ElementErrorKind.Conflict)]
    [InlineData(40226, "wechat_user_blocked", ElementErrorKind.Refused)]
    [InlineData(45011, "wechat_rate_limited", ElementErrorKind.UpstreamUnavailable)]
    [InlineData(40125, "wechat_invalid_secret", ElementErrorKind.UpstreamError)]
    [InlineData(40013, "wechat_invalid_appid", ElementErrorKind.UpstreamError)]
    [InlineData(61234, "wechat_error", ElementErrorKind.UpstreamError)]
    public async Task Each_documented_errcode_maps_to_its_own_error_and_keeps_the_errcode(int errCode, string code, ElementErrorKind kind)
    {
        await using var h = await LoginHarness.StartAsync(engine);

        var error = await FailsWith(h, h.WeChat.ErrorCode(errCode));

        error.ErrCode.Should().Be(errCode);
        error.Code.Should().Be(code);
        error.Kind.Should().Be(kind);
        error.Message.Should().Contain($"fake error {errCode}");
    }

    [Fact]
    public async Task Errors_answered_as_text_plain_or_with_errcode_as_a_string_are_understood()
    {
        await using var h = await LoginHarness.StartAsync(engine);

        (await FailsWith(h, h.WeChat.ErrorCode(40029, textPlain: true))).ErrCode.Should().Be(40029);
        (await FailsWith(h, h.WeChat.ErrorCode(40226, errCodeAsString: true))).ErrCode.Should().Be(40226);
    }

    [Fact]
    public async Task The_real_protocol_codes_are_single_use_and_unknown_codes_invalid()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var code = h.WeChat.IssueCode("openid-once");
        await h.Login.GetLoginCodeAsync(code);

        (await FailsWith(h, code)).ErrCode.Should().Be(40163);
        (await FailsWith(h, "never-issued-code")).ErrCode.Should().Be(40029);
    }

    [Fact]
    public async Task A_wrong_appSecret_is_reported_as_a_configuration_problem_without_the_secret()
    {
        await using var h = await LoginHarness.StartAsync(engine, appSecret: "the-wrong-secret-value");

        var error = await FailsWith(h, h.WeChat.IssueCode("openid-x"));

        error.ErrCode.Should().Be(40125);
        error.Message.Should().Contain("check authConfig.appSecret").And.NotContain("the-wrong-secret-value");
    }

    [Fact]
    public async Task System_busy_is_retried_with_a_bounded_backoff()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var code = h.WeChat.BusyThenSucceed(busyTimes: 2, openId: "openid-patient");

        var result = await h.Login.GetLoginCodeAsync(code);

        result.BindCode.Should().NotBeNull();
        h.WeChat.RequestsFor(code).Should().Be(3);
    }

    [Fact]
    public async Task System_busy_past_the_attempt_limit_is_an_unavailable_error()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var code = h.WeChat.BusyThenSucceed(busyTimes: 10, openId: "openid-unlucky");

        var error = await FailsWith(h, code);

        error.ErrCode.Should().Be(-1);
        error.Code.Should().Be("wechat_busy");
        error.Kind.Should().Be(ElementErrorKind.UpstreamUnavailable);
        h.WeChat.RequestsFor(code).Should().Be(3, "MaxAttempts is 3");
    }

    [Fact]
    public async Task No_other_error_is_retried()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var code = h.WeChat.ErrorCode(45011);

        await FailsWith(h, code);

        h.WeChat.RequestsFor(code).Should().Be(1);
    }

    [Fact]
    public async Task A_slow_answer_is_a_timeout()
    {
        await using var h = await LoginHarness.StartAsync(engine, settings: new Dictionary<string, string?> { ["WeChat:Timeout"] = "00:00:01" });
        var code = h.WeChat.Script(async (_, context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        var error = await FailsWith(h, code);

        error.Code.Should().Be("wechat_timeout");
        error.Kind.Should().Be(ElementErrorKind.UpstreamTimeout);
        error.ErrCode.Should().BeNull();
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>", "text/html", 200, "wechat_bad_response")]
    [InlineData("[1,2,3]", "application/json", 200, "wechat_bad_response")]
    [InlineData("""{"openid":"no-session-key"}""", "application/json", 200, "wechat_bad_response")]
    [InlineData("""{"errcode":"soon"}""", "application/json", 200, "wechat_bad_response")]
    [InlineData("""{"errcode":0}""", "application/json", 500, "wechat_bad_status")]
    [InlineData("slow down", "text/plain", 429, "wechat_bad_status")]
    public async Task Garbage_and_non_200_answers_are_their_own_clear_errors(string body, string contentType, int status, string code)
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var scripted = h.WeChat.Script((_, context) => FakeWeChatServer.WriteAsync(context, body, contentType, status));

        var error = await FailsWith(h, scripted);

        error.Code.Should().Be(code);
        error.ErrCode.Should().BeNull();
    }

    [Fact]
    public async Task An_oversized_answer_is_refused()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var scripted = h.WeChat.Script((_, context) => FakeWeChatServer.WriteAsync(context, "{\"pad\":\"" + new string('x', 200_000) + "\"}"));

        (await FailsWith(h, scripted)).Code.Should().Be("wechat_bad_response");
    }

    [Fact]
    public async Task A_reset_connection_is_an_unreachable_error()
    {
        await using var h = await LoginHarness.StartAsync(engine);
        var scripted = h.WeChat.Script((_, context) =>
        {
            context.Abort();
            return Task.CompletedTask;
        });

        var error = await FailsWith(h, scripted);

        error.Code.Should().Be("wechat_unreachable");
        error.Kind.Should().Be(ElementErrorKind.UpstreamUnavailable);
    }

    [Fact]
    public async Task A_wx_login_code_that_is_empty_or_oversized_never_reaches_WeChat()
    {
        await using var h = await LoginHarness.StartAsync(engine);

        foreach (var bad in new[] { "", "has space", new string('c', 129), "tab\there" })
        {
            var act = () => h.Login.GetLoginCodeAsync(bad);
            (await act.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("invalid_argument");
        }

        h.WeChat.TotalRequests.Should().Be(0);
    }
}

/// <summary>The suite on the implicit SQLite database.</summary>
public sealed class SqliteWeChatErrorTests() : WeChatErrorTests(DatabaseEngine.Sqlite);

/// <summary>The suite on a PostgreSQL database element.</summary>
public sealed class PostgreSqlWeChatErrorTests() : WeChatErrorTests(DatabaseEngine.PostgreSql);
