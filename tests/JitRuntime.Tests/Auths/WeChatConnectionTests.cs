using JitRuntime.Auths.WeChat;
using JitRuntime.Development;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// A WeChat server that closes idle keep-alive connections (1 s here): calls made around that moment must not be sent on
/// a connection the server has closed, which would fail a wx.login code that cannot be sent twice. This is the cause
/// the deployments issue suspected for occasional <c>wechat_unreachable</c> under load; the client's connection pool
/// already checks a pooled connection before reusing it, and this test holds it to that.
/// </summary>
public sealed class WeChatConnectionTests
{
    [Fact]
    public async Task Calls_spaced_at_the_servers_keep_alive_timeout_do_not_fail_on_connections_it_closed()
    {
        var (server, baseUrl) = await LoopbackServer.StartAsync(
            app => app.MapGet("/sns/jscode2session", (string js_code) => Results.Text(
                $$"""{"openid":"o-{{js_code}}","session_key":"{{Convert.ToBase64String(new byte[16])}}"}""", "application/json")),
            kestrel: options => options.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(1));
        await using var serverScope = server;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WeChat:ApiBaseUrl"] = baseUrl }).Build();
        await using var services = new ServiceCollection().AddJitRuntime().AddAuthElements(configuration).BuildServiceProvider();
        var client = services.GetRequiredService<IWeChatSessionClient>();

        var failures = new List<string>();
        var random = new Random(5);
        for (var round = 0; round < 6; round++)
        {
            var calls = Enumerable.Range(0, 8).Select(async i =>
            {
                try
                {
                    await client.Code2SessionAsync("wx0123456789abcdef", "secret", $"r{round}c{i}");
                }
                catch (WeChatException ex)
                {
                    lock (failures)
                    {
                        failures.Add($"round {round}: {ex.Code} {ex.Message}");
                    }
                }
            });
            await Task.WhenAll(calls);
            await Task.Delay(TimeSpan.FromMilliseconds(950 + random.Next(200))); // around the server's keep-alive timeout
        }

        failures.Should().BeEmpty();
    }
}
