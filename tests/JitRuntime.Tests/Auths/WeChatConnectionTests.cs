using JitRuntime.Auths.WeChat;
using JitRuntime.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// WeChat closes keep-alive connections idle for about 20 s. A call sent on a pooled connection just as WeChat closes it
/// is reset, and it must not be retried: the wx.login code in it may already be spent. The client therefore retires idle
/// connections before WeChat does (<c>WeChat:PooledConnectionIdleTimeout</c>). The cause of <c>wechat_unreachable</c>
/// under load in the deployments issue; found with a raw-socket server, since Kestrel answers such requests.
/// </summary>
public sealed class WeChatConnectionTests
{
    // The client's pool closes idle connections on a timer that runs every quarter of the idle timeout, at least every
    // second: a connection may be reused until about idle timeout + 1 s here, so the server keeps them a little longer.
    private static readonly TimeSpan ClientIdleTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ServerKeepAlive = TimeSpan.FromSeconds(3.5);
    private const int CallsPerRound = 16;

    [Fact]
    public async Task Calls_after_an_idle_pause_do_not_go_out_on_connections_WeChat_has_given_up()
    {
        await using var server = IdleClosingWeChatServer.Start(ServerKeepAlive);

        var failures = await CallInRoundsAsync(server, ClientIdleTimeout);

        failures.Should().BeEmpty();
        server.Resets.Should().Be(0);
        server.CodesReceived.Should().HaveCount(2 * CallsPerRound).And.OnlyContain(code => code.Value == 1, "no code is sent twice");
    }

    [Fact]
    public async Task With_the_client_keeping_connections_longer_than_WeChat_calls_fail_once_and_are_not_resent()
    {
        // The failure the setting prevents, so that the test above cannot pass for another reason.
        await using var server = IdleClosingWeChatServer.Start(ServerKeepAlive);

        var failures = await CallInRoundsAsync(server, clientIdleTimeout: TimeSpan.FromMinutes(1));

        server.Resets.Should().BeGreaterThan(0);
        failures.Should().HaveCount(server.Resets).And.OnlyContain(failure => failure.StartsWith("wechat_unreachable", StringComparison.Ordinal));
        server.CodesReceived.Should().HaveCount(2 * CallsPerRound).And.OnlyContain(code => code.Value == 1, "a reset call is not sent again");
    }

    [Fact]
    public async Task The_default_idle_timeout_is_below_WeChats_keep_alive_and_out_of_range_values_are_refused()
    {
        new WeChatOptions().PooledConnectionIdleTimeout.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThan(TimeSpan.FromSeconds(20));

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["WeChat:PooledConnectionIdleTimeout"] = "00:00:00" }).Build();
        await using var services = new ServiceCollection().AddJitRuntime().AddAuthElements(configuration).BuildServiceProvider();
        var resolve = () => services.GetRequiredService<IWeChatSessionClient>();

        resolve.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*PooledConnectionIdleTimeout*");
    }

    /// <summary>Two rounds of concurrent calls, the second after a pause longer than the server's keep-alive.</summary>
    private static async Task<List<string>> CallInRoundsAsync(IdleClosingWeChatServer server, TimeSpan clientIdleTimeout)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = server.BaseUrl,
            ["WeChat:PooledConnectionIdleTimeout"] = clientIdleTimeout.ToString(),
        }).Build();
        await using var services = new ServiceCollection().AddJitRuntime().AddAuthElements(configuration).BuildServiceProvider();
        var client = services.GetRequiredService<IWeChatSessionClient>();

        var failures = new List<string>();
        for (var round = 0; round < 2; round++)
        {
            if (round > 0)
            {
                await Task.Delay(ServerKeepAlive + TimeSpan.FromMilliseconds(300));
            }

            await Task.WhenAll(Enumerable.Range(0, CallsPerRound).Select(async i =>
            {
                try
                {
                    await client.Code2SessionAsync("wx0123456789abcdef", "secret", $"r{round}c{i}");
                }
                catch (WeChatException ex)
                {
                    lock (failures)
                    {
                        failures.Add($"{ex.Code} round {round}: {ex.Message}");
                    }
                }
            }));
        }

        return failures;
    }
}
