using System.Net;
using System.Text;
using System.Text.Json;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Host;

/// <summary>One real host process, started once for these tests, driven over HTTP on 127.0.0.1.</summary>
public sealed class HostHttpFixture : IAsyncLifetime
{
    public HostedApp Hosted { get; private set; } = null!;

    public HostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hosted = await HostedApp.CreateAsync();
        Host = await Hosted.StartHostAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Hosted.DisposeAsync();
    }
}

[Collection(HostProcessTests.Name)]
public sealed class HostHttpTests(HostHttpFixture fixture) : IClassFixture<HostHttpFixture>
{
    private HostProcess Host => fixture.Host;

    private JitRuntime.Fakes.FakeWeChatServer WeChat => fixture.Hosted.WeChat;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        body.Should().NotContain("   at ", "no stack trace ever reaches a caller");
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("code").GetString().Should().Be(code);
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        return problem;
    }

    [Fact]
    public async Task Health_and_the_element_list_answer_once_loaded()
    {
        using var health = await Host.Http.GetAsync("/health");
        health.StatusCode.Should().Be(HttpStatusCode.OK);

        using var list = JsonDocument.Parse(await Host.Http.GetStringAsync("/api/elements"));
        var open = list.RootElement.EnumerateArray().Single(e => e.GetProperty("fullName").GetString() == HostedApp.OpenLogin);
        open.GetProperty("type").GetString().Should().Be("auths.loginTypes.WeChatMiniType");
        open.GetProperty("status").GetString().Should().Be("ready");
        open.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).Should().Equal("bind", "cancelScanLogin", "checkSession", "confirmScanLogin", "createScanLogin", "getLoginCode", "getPhoneNumber", "getScanLogin", "pollScanLogin", "register", "unbind");
    }

    [Fact]
    public async Task The_whole_login_flow_works_over_HTTP()
    {
        var bind = await Host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = WeChat.IssueCode("http-alice") });
        var bindCode = bind.GetProperty("bindCode").GetString()!;
        bind.GetProperty("expiresIn").GetInt32().Should().Be(300);

        var user = await Host.CallOkAsync(HostedApp.OpenLogin, "register", new { bindCode });
        var userId = user.GetProperty("userId").GetInt64();

        var login = await Host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = WeChat.IssueCode("http-alice") });
        login.GetProperty("corpList").GetArrayLength().Should().Be(0);
        var session = await Host.CallOkAsync(HostedApp.AuthSvc, "loginByCode", new { loginCode = login.GetProperty("loginCode").GetString(), platform = "wechatMini" });
        session.GetProperty("userId").GetInt64().Should().Be(userId);
        var token = session.GetProperty("token").GetString();
        (await Host.CallOkAsync(HostedApp.AuthSvc, "getSession", new { token })).GetProperty("userId").GetInt64().Should().Be(userId);

        var unbound = await Host.CallOkAsync(HostedApp.OpenLogin, "unbind", new { userId }, token);
        unbound.GetProperty("success").GetBoolean().Should().BeTrue();
        var bound = await Host.CallOkAsync(HostedApp.OpenLogin, "bind", new { userId, code = WeChat.IssueCode("http-alice-2") }, token);
        bound.GetProperty("success").GetBoolean().Should().BeTrue();
        bound.GetProperty("message").GetString().Should().Contain(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Unknown_elements_and_methods_are_404()
    {
        var element = await ProblemAsync(await Host.CallAsync("auths.loginTypes.openLogn", "getLoginCode", new { code = "x" }), HttpStatusCode.NotFound, "element_not_found");
        element.GetProperty("detail").GetString().Should().Contain("Did you mean 'auths.loginTypes.openLogin'");
        var method = await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "DecryptDataAsync", new { }), HttpStatusCode.NotFound, "method_not_found");
        method.GetProperty("detail").GetString().Should().Contain("bind, cancelScanLogin, checkSession, confirmScanLogin, createScanLogin, getLoginCode, getPhoneNumber, getScanLogin, pollScanLogin, register, unbind");
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "ToString", new { }), HttpStatusCode.NotFound, "method_not_found");
    }

    [Fact]
    public async Task Bad_or_missing_arguments_are_400()
    {
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { }), HttpStatusCode.BadRequest, "invalid_arguments");
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = 42 }), HttpStatusCode.BadRequest, "invalid_arguments");
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = "x", extra = 1 }), HttpStatusCode.BadRequest, "invalid_arguments");
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "unbind", new { userId = "seven" }), HttpStatusCode.BadRequest, "invalid_arguments");
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "register", new { bindCode = "short" }), HttpStatusCode.BadRequest, "invalid_argument");

        using var notJson = new StringContent("{ nope", Encoding.UTF8, "application/json");
        await ProblemAsync(await Host.Http.PostAsync($"/api/elements/{HostedApp.OpenLogin}/getLoginCode", notJson), HttpStatusCode.BadRequest, "invalid_json");
        using var array = new StringContent("[1]", Encoding.UTF8, "application/json");
        await ProblemAsync(await Host.Http.PostAsync($"/api/elements/{HostedApp.OpenLogin}/getLoginCode", array), HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_413()
    {
        using var huge = new StringContent("{\"code\":\"" + new string('x', 100_000) + "\"}", Encoding.UTF8, "application/json");

        await ProblemAsync(await Host.Http.PostAsync($"/api/elements/{HostedApp.OpenLogin}/getLoginCode", huge), HttpStatusCode.RequestEntityTooLarge, "body_too_large");
    }

    [Fact]
    public async Task Used_unknown_and_refused_codes_get_409_404_and_422()
    {
        var bind = await Host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = WeChat.IssueCode("http-bob") });
        var bindCode = bind.GetProperty("bindCode").GetString();
        await Host.CallOkAsync(HostedApp.OpenLogin, "register", new { bindCode });

        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "register", new { bindCode }), HttpStatusCode.Conflict, "bind_code_used");
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "register", new { bindCode = new string('A', 43) }), HttpStatusCode.NotFound, "bind_code_invalid");
        await ProblemAsync(await Host.CallAsync(HostedApp.ClosedLogin, "getLoginCode", new { code = WeChat.IssueCode("http-nobody") }),
            (HttpStatusCode)422, "registration_closed");
    }

    [Fact]
    public async Task Bind_and_unbind_act_only_for_the_user_whose_session_calls_them()
    {
        async Task<(long UserId, string Token)> NewSessionAsync(string openId)
        {
            var bind = await Host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = WeChat.IssueCode(openId) });
            var user = await Host.CallOkAsync(HostedApp.OpenLogin, "register", new { bindCode = bind.GetProperty("bindCode").GetString() });
            var session = await Host.CallOkAsync(HostedApp.AuthSvc, "loginByCode", new { loginCode = user.GetProperty("loginCode").GetString() });
            return (user.GetProperty("userId").GetInt64(), session.GetProperty("token").GetString()!);
        }

        var victim = await NewSessionAsync("http-victim");
        var attacker = await NewSessionAsync("http-attacker");

        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "unbind", new { userId = victim.UserId }), HttpStatusCode.Unauthorized, "authentication_required");
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "unbind", new { userId = victim.UserId }, new string('A', 43)), HttpStatusCode.Unauthorized, "session_invalid");
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "unbind", new { userId = victim.UserId }, attacker.Token), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "bind", new { userId = victim.UserId, code = WeChat.IssueCode("http-takeover") }, attacker.Token),
            HttpStatusCode.Forbidden, "forbidden");

        await Host.CallOkAsync(HostedApp.OpenLogin, "unbind", new { userId = victim.UserId }, victim.Token);
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "unbind", new { userId = victim.UserId }, victim.Token), HttpStatusCode.NotFound, "not_bound");
    }

    [Theory]
    [InlineData(40029, 400, "wechat_invalid_code")]
    [InlineData(40163, 409, "wechat_code_used")]
    [InlineData(40226, 422, "wechat_user_blocked")]
    [InlineData(40125, 502, "wechat_invalid_secret")]
    [InlineData(45011, 503, "wechat_rate_limited")]
    [InlineData(-1, 503, "wechat_busy")]
    public async Task WeChat_errors_keep_their_errcode(int errCode, int status, string code)
    {
        var problem = await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = WeChat.ErrorCode(errCode) }), (HttpStatusCode)status, code);

        problem.GetProperty("errcode").GetInt32().Should().Be(errCode);
    }

    [Fact]
    public async Task A_WeChat_timeout_is_504_and_garbage_is_502()
    {
        var slow = WeChat.Script(async (_, context) => await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        var garbage = WeChat.Script((_, context) => JitRuntime.Fakes.FakeWeChatServer.WriteAsync(context, "<html>oops</html>", "text/html"));

        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = slow }), HttpStatusCode.GatewayTimeout, "wechat_timeout");
        await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = garbage }), HttpStatusCode.BadGateway, "wechat_bad_response");
    }

    [Fact]
    public async Task The_host_stays_responsive_while_WeChat_hangs()
    {
        var slow = WeChat.Script(async (_, context) => await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        var hanging = Enumerable.Range(0, 20).Select(_ => Host.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = slow })).ToList();

        using var health = await Host.Http.GetAsync("/health");
        var ok = await Host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = WeChat.IssueCode("http-while-hanging") });

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        ok.GetProperty("bindCode").GetString().Should().NotBeNull();
        foreach (var response in await Task.WhenAll(hanging))
        {
            response.StatusCode.Should().Be(HttpStatusCode.GatewayTimeout);
            response.Dispose();
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public async Task Random_request_bodies_never_get_a_500(int seed)
    {
        var random = new Random(seed);
        string[] pieces = ["{", "}", "[", "]", "\"code\"", "\"userId\"", ":", ",", "null", "12345678901234567890", "\"\\u0000\"", "true", "\"x\"", " ", "\uFEFF"];
        string[] methods = ["getLoginCode", "register", "bind", "unbind", "loginByCode"];
        for (var round = 0; round < 60; round++)
        {
            var body = random.Next(4) == 0
                ? Encoding.Latin1.GetString(Enumerable.Range(0, random.Next(0, 200)).Select(_ => (byte)random.Next(256)).ToArray())
                : string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pieces[random.Next(pieces.Length)]));
            var method = methods[random.Next(methods.Length)];
            var element = method == "loginByCode" ? HostedApp.AuthSvc : HostedApp.OpenLogin;
            using var content = new StringContent(body, Encoding.UTF8, "application/json");

            using var response = await Host.Http.PostAsync($"/api/elements/{element}/{method}", content);

            ((int)response.StatusCode).Should().BeLessThan(500, $"seed {seed} round {round}: {body} -> {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Sends raw bytes on a new connection and returns the status line and body the host answers.</summary>
    private async Task<string> RawAsync(string request, bool closeAfterSending = false)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(Host.Http.BaseAddress!.Host, Host.Http.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        if (closeAfterSending)
        {
            client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send); // the body ends here, whatever it promised
        }
        // Kestrel may reset the connection right after answering a bad request: keep what arrived before that.
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30))) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    [Fact]
    public async Task Truncated_and_badly_chunked_bodies_are_400_invalid_body_with_one_log_line_and_no_trace()
    {
        var path = $"/api/elements/{HostedApp.OpenLogin}/getLoginCode";
        var badChunk = await RawAsync($"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{{}}\r\n0\r\n\r\n");
        badChunk.Should().StartWith("HTTP/1.1 400").And.Contain("\"code\":\"invalid_body\"").And.NotContain("   at ");

        // A body cut short by the client closing its side: nobody is left to answer, but the log says so in one line.
        await RawAsync($"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"code\":\"ab", closeAfterSending: true);
        await Host.WaitForOutputAsync("Unreadable request body");
        Host.Output.Should().NotContain("BadHttpRequestException: ", "no stack trace per bad request");
        Host.Output.Should().NotContain("Unexpected failure calling");
    }

    [Fact]
    public async Task Integer_arguments_must_be_JSON_numbers()
    {
        var problem = await ProblemAsync(await Host.CallAsync(HostedApp.OpenLogin, "unbind", new { userId = "2" }), HttpStatusCode.BadRequest, "invalid_arguments");
        problem.GetProperty("detail").GetString().Should().Contain("userId");
    }

    [Fact]
    public async Task A_body_that_is_not_declared_as_JSON_is_415()
    {
        using var text = new StringContent("{\"code\":\"x\"}", Encoding.UTF8, "text/plain");
        await ProblemAsync(await Host.Http.PostAsync($"/api/elements/{HostedApp.OpenLogin}/getLoginCode", text), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        using var none = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"code\":\"x\"}"));
        await ProblemAsync(await Host.Http.PostAsync($"/api/elements/{HostedApp.OpenLogin}/getLoginCode", none), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        using var problemJson = new StringContent("{}", Encoding.UTF8, "application/merge-patch+json");
        await ProblemAsync(await Host.Http.PostAsync($"/api/elements/{HostedApp.OpenLogin}/getLoginCode", problemJson), HttpStatusCode.BadRequest, "invalid_arguments");
    }

    [Fact]
    public async Task An_unknown_name_is_echoed_cut_short()
    {
        var longName = "a" + new string('b', 5000);

        var problem = await ProblemAsync(await Host.CallAsync(longName, "getLoginCode", new { code = "x" }), HttpStatusCode.NotFound, "element_not_found");

        problem.GetProperty("detail").GetString()!.Length.Should().BeLessThan(400);
        problem.GetProperty("detail").GetString().Should().Contain("(5001 characters)");
    }
}
