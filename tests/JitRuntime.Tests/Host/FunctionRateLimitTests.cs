using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using JitRuntime.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Host;

/// <summary>Rate limits are a property of the function: login functions count per client address, bind/unbind per session.</summary>
public sealed class FunctionRateLimitTests
{
    [Fact]
    public async Task Login_functions_share_the_clients_window_while_each_session_has_its_own_for_unbind()
    {
        await using var hosted = await HostedApp.CreateAsync();
        var host = JitWebHost.Build(hosted.App.Directory, "http://127.0.0.1:0", new Dictionary<string, string?> { ["Host:RateLimit:PermitLimit"] = "2" });
        await using var _ = host;
        await JitWebHost.StartAsync(host);
        using var http = new HttpClient { BaseAddress = new Uri(host.Urls.Single()) };

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

        (await CallAsync("unbind", new { userId = alice.UserId }, alice.Token)).Should().Be(HttpStatusCode.OK, "unbind counts per session, not in the client's spent window");
        (await CallAsync("unbind", new { userId = alice.UserId }, alice.Token)).Should().Be(HttpStatusCode.NotFound);
        (await CallAsync("unbind", new { userId = alice.UserId }, alice.Token)).Should().Be(HttpStatusCode.TooManyRequests);
        (await CallAsync("unbind", new { userId = bob.UserId }, bob.Token)).Should().Be(HttpStatusCode.OK, "another session behind the same address has its own window");
    }
}
