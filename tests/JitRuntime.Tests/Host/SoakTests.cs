using JitRuntime.Fakes;

namespace JitRuntime.Tests.Host;

/// <summary>
/// A short soak of concurrent registrations, logins, binds and unbinds over HTTP on the real host, then the checker:
/// every acknowledged operation is in the database, no openid has two users, no user two bindings, every code
/// redeemed at most once. The figures in docs/operating.md come from the longer run in the benchmarks.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class SoakTests
{
    [Fact]
    public async Task Concurrent_logins_registrations_binds_and_unbinds_lose_nothing()
    {
        await using var hosted = await HostedApp.CreateAsync();
        await using var host = await hosted.StartHostAsync();
        var soak = new LoginSoak(host.Http, hosted.WeChat, HostedApp.OpenLogin, HostedApp.AuthSvc);

        var report = await soak.RunAsync(TimeSpan.FromSeconds(6), workers: 8, seed: 5);

        report.Calls.Should().BeGreaterThan(100);
        report.Outcomes.Keys.Should().Contain(k => k.StartsWith("unbind 200", StringComparison.Ordinal))
            .And.Contain(k => k.StartsWith("bind 200", StringComparison.Ordinal))
            .And.Contain(k => k.StartsWith("loginByCode 200", StringComparison.Ordinal));
        report.Outcomes.Keys.Should().NotContain(k => k.Contains(" 5", StringComparison.Ordinal), "no call fails on the server's side");
        (await soak.CheckAsync(Path.Combine(hosted.App.Directory, "data", "app.db"))).Should().BeEmpty();
    }
}
