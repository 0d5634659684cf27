using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using JitRuntime.Host.Hosting;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Host;

/// <summary>Rate limits are a property of the function: login functions count per client address, bind/unbind per session.</summary>
public sealed class FunctionRateLimitTests
{
    [Fact]
    public async Task Login_functions_share_the_clients_window_while_each_session_has_its_own_for_unbind()
    {
        await using var hosted = await HostedApp.CreateAsync();
        await using var host = await InProcessHost.StartAsync(hosted.App.Directory, new Dictionary<string, string?> { ["Host:RateLimit:PermitLimit"] = "2" });
        var http = host.Http;

        // Two users with sessions, made in-process (trusted calls are not limited).
        var app = host.Services.GetRequiredService<JitAppHolder>().Current;
        async Task<(long UserId, string Token)> UserAsync(string openId)
        {
            var bind = await app.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode(openId) });
            var user = await app.CallAsync(HostedApp.OpenLogin, "register", new { bindCode = bind.GetProperty("bindCode").GetString() });
            var session = await app.CallAsync(HostedApp.AuthSvc, "loginByCode", new { loginCode = user.GetProperty("loginCode").GetString() });
            return (user.GetProperty("userId").GetInt64(), session.GetProperty("token").GetString()!);
        }

        var alice = await UserAsync("openid-limit-alice");
        var bob = await UserAsync("openid-limit-bob");

        async Task<HttpStatusCode> CallAsync(string function, object arguments, string? token = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/elements/{HostedApp.OpenLogin}/{function}") { Content = JsonContent.Create(arguments) };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        (await CallAsync("getLoginCode", new { code = "unknown-1" })).Should().NotBe(HttpStatusCode.TooManyRequests);
        (await CallAsync("getLoginCode", new { code = "unknown-2" })).Should().NotBe(HttpStatusCode.TooManyRequests);
        (await CallAsync("getLoginCode", new { code = "unknown-3" })).Should().Be(HttpStatusCode.TooManyRequests, "login functions count per client address");

        // A session's first call counts in the address's window for unproven tokens (its token is not yet known to be
        // live), its later calls in its own window.
        (await CallAsync("unbind", new { userId = alice.UserId }, alice.Token)).Should().Be(HttpStatusCode.OK, "unbind counts per session, not in the client's spent window");
        (await CallAsync("unbind", new { userId = alice.UserId }, alice.Token)).Should().Be(HttpStatusCode.NotFound);
        (await CallAsync("unbind", new { userId = alice.UserId }, alice.Token)).Should().Be(HttpStatusCode.NotFound);
        (await CallAsync("unbind", new { userId = alice.UserId }, alice.Token)).Should().Be(HttpStatusCode.TooManyRequests);
        (await CallAsync("unbind", new { userId = bob.UserId }, bob.Token)).Should().Be(HttpStatusCode.OK, "another session behind the same address has its own window");
    }

    [Fact]
    public async Task Invented_bearer_tokens_share_their_address_window_and_meet_429_while_a_live_session_keeps_its_own()
    {
        await using var hosted = await HostedApp.CreateAsync();
        await using var host = await InProcessHost.StartAsync(hosted.App.Directory, new Dictionary<string, string?> { ["Host:RateLimit:PermitLimit"] = "5" });
        var http = host.Http;
        var app = host.Services.GetRequiredService<JitAppHolder>().Current;
        var bind = await app.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode("openid-live-token") });
        var user = await app.CallAsync(HostedApp.OpenLogin, "register", new { bindCode = bind.GetProperty("bindCode").GetString() });
        var token = (await app.CallAsync(HostedApp.AuthSvc, "loginByCode", new { loginCode = user.GetProperty("loginCode").GetString() })).GetProperty("token").GetString()!;

        async Task<HttpStatusCode> CheckSessionAsync(string bearer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/elements/{HostedApp.OpenLogin}/checkSession") { Content = JsonContent.Create(new { }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        (await CheckSessionAsync(token)).Should().Be(HttpStatusCode.OK, "the session's first call proves its token");
        var invented = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            invented.Add(await CheckSessionAsync(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))));
        }

        invented.Count(s => s == HttpStatusCode.Unauthorized).Should().Be(4, "the address's window for unproven tokens (5, one spent by the first call) lets four through");
        invented.Skip(4).Should().OnlyContain(s => s == HttpStatusCode.TooManyRequests, "every later invented token is refused before the sessions table is read");
        (await CheckSessionAsync(token)).Should().Be(HttpStatusCode.OK, "the live session has its own window");
        host.Services.GetRequiredService<JitRuntime.Host.HttpApi.LiveSessionTokens>().Count.Should().Be(1, "no invented token is remembered");
    }
}
