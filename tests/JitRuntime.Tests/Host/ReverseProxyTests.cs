using System.Net;
using System.Net.Http.Json;

namespace JitRuntime.Tests.Host;

/// <summary>The per-client rate limit behind a reverse proxy: X-Forwarded-For is believed from the configured proxies only.</summary>
[Collection(HostProcessTests.Name)]
public sealed class ReverseProxyTests
{
    private static async Task<HostedApp> LimitedAppAsync()
    {
        var hosted = await HostedApp.CreateAsync();
        hosted.App.Write("app.json", File.ReadAllText(Path.Combine(hosted.App.Directory, "app.json"))
            .Replace("\"PermitLimit\": 10000", "\"PermitLimit\": 2", StringComparison.Ordinal));
        return hosted;
    }

    private static async Task<HttpStatusCode> CallFromAsync(HostProcess host, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/elements/{HostedApp.OpenLogin}/register")
        {
            Content = JsonContent.Create(new { bindCode = new string('A', 43) }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await host.Http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_forwarded_address_from_a_peer_that_is_not_a_known_proxy_is_ignored_even_with_the_framework_switch_on()
    {
        await using var hosted = await LimitedAppAsync();
        await using var host = await HostProcess.StartAsync(hosted.App.Directory,
            new Dictionary<string, string> { ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true" });

        (await CallFromAsync(host, "203.0.113.1")).Should().Be(HttpStatusCode.NotFound);
        (await CallFromAsync(host, "203.0.113.2")).Should().Be(HttpStatusCode.NotFound);
        (await CallFromAsync(host, "203.0.113.3")).Should().Be(HttpStatusCode.TooManyRequests, "a spoofed header does not buy a new budget");
    }

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_budget()
    {
        await using var hosted = await LimitedAppAsync();
        await using var host = await HostProcess.StartAsync(hosted.App.Directory,
            new Dictionary<string, string> { ["JIT_Host__ForwardedHeaders__KnownProxies__0"] = "127.0.0.1" });

        (await CallFromAsync(host, "203.0.113.1")).Should().Be(HttpStatusCode.NotFound);
        (await CallFromAsync(host, "203.0.113.1")).Should().Be(HttpStatusCode.NotFound);
        (await CallFromAsync(host, "203.0.113.1")).Should().Be(HttpStatusCode.TooManyRequests);
        (await CallFromAsync(host, "203.0.113.2")).Should().Be(HttpStatusCode.NotFound, "another client behind the same proxy");
    }
}
