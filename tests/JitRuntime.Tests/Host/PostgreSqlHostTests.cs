using JitRuntime.Fakes;
using System.Net;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Host;

/// <summary>The real host process on a PostgreSQL database element that is down at start, comes up, and restarts.</summary>
[Collection(HostProcessTests.Name)]
public sealed class PostgreSqlHostTests
{
    [Fact]
    public async Task A_database_down_at_start_is_logged_once_answers_503_and_is_used_once_it_is_up_without_restarting_the_host()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var hosted = await HostedApp.CreateAsync(""", "defaultElement": { "defaultDatabase": "databases.Default" }""" + TestCertificates.SettingsJson(TestCertificates.Shared));
        await LoginHarness.WritePostgresDatabaseElementAsync(hosted.App, server);
        await server.StopAsync();

        await using var host = await hosted.StartHostAsync();
        await host.WaitForOutputAsync("is not reachable at start");
        using (var down = await host.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode("pg-1") }))
        {
            down.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            var body = await down.Content.ReadAsStringAsync();
            body.Should().Contain("database_unavailable").And.Contain("databases.Default").And.NotContain(server.Password);
        }

        await server.StartServerAsync();
        await host.WaitForOutputAsync("is reachable after", TimeSpan.FromSeconds(60));
        var bind = await host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode("pg-2") });
        (await host.CallOkAsync(HostedApp.OpenLogin, "register", new { bindCode = bind.GetProperty("bindCode").GetString() }))
            .GetProperty("userId").GetInt64().Should().BePositive();

        // Restarted while serving: the calls in the window get 503, later ones succeed on the same host process.
        await server.StopAsync();
        using (var restarting = await host.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode("pg-3") }))
        {
            restarting.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }

        await server.StartServerAsync();
        (await host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode("pg-4") }))
            .GetProperty("bindCode").GetString().Should().NotBeNullOrEmpty();
        host.Output.Split('\n').Count(line => line.Contains("is not reachable at start", StringComparison.Ordinal)).Should().Be(1, "said once, not per retry");
    }

    [Fact]
    public async Task A_shared_database_without_a_key_ring_certificate_refuses_to_start_unless_plain_keys_are_allowed()
    {
        var server = await PostgresServer.Shared;
        await using var hosted = await HostedApp.CreateAsync(""", "defaultElement": { "defaultDatabase": "databases.Default" }""");
        await LoginHarness.WritePostgresDatabaseElementAsync(hosted.App, server);

        var refused = async () => await HostProcess.StartAsync(hosted.App.Directory);
        var output = (await refused.Should().ThrowAsync<InvalidOperationException>()).Which.Message;
        output.Should().Contain("refusing to start").And.Contain("DataProtection:Certificate:Path").And.Contain("DataProtection:AllowPlainKeys")
            .And.NotContain(server.Password).And.NotContain("   at ", "one clear reason, no stack trace");

        await using var allowed = await HostProcess.StartAsync(hosted.App.Directory, new Dictionary<string, string> { ["JIT_DataProtection__AllowPlainKeys"] = "true" });
        await allowed.WaitForOutputAsync("key ring is stored unencrypted");
        (await allowed.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode("plain-ok") }))
            .GetProperty("bindCode").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task The_embedded_default_without_a_certificate_serves_with_one_warning_that_says_what_to_configure()
    {
        await using var hosted = await HostedApp.CreateAsync();
        await using var host = await hosted.StartHostAsync();

        await host.WaitForOutputAsync("key ring is stored unencrypted");
        host.Output.Split('\n').Count(line => line.Contains("key ring is stored unencrypted", StringComparison.Ordinal)).Should().Be(1);
        host.Output.Should().Contain("DataProtection:Certificate:Path");
    }
}
