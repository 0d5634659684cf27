using System.Net;
using System.Text.Json;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Host;

/// <summary>
/// The real host's health endpoints: <c>/health/live</c> while the process serves, <c>/health/ready</c> (and its alias
/// <c>/health</c>) while the app is loaded, the default database answers and the key ring is usable. A broken element
/// does not make the node unready; a database that does not answer does, naming the check, never a secret.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class HealthTests
{
    [Fact]
    public async Task Live_ready_and_the_health_alias_answer_and_a_broken_element_does_not_make_the_node_unready()
    {
        await using var hosted = await HostedApp.CreateAsync();
        hosted.App.Element("auths/loginTypes/broken", "{");
        await using var host = await hosted.StartHostAsync();

        var (liveStatus, live) = await GetAsync(host, "/health/live");
        var (readyStatus, ready) = await GetAsync(host, "/health/ready");
        var (aliasStatus, alias) = await GetAsync(host, "/health");

        liveStatus.Should().Be(HttpStatusCode.OK);
        live.GetProperty("status").GetString().Should().Be("ok");
        readyStatus.Should().Be(HttpStatusCode.OK);
        ready.GetProperty("status").GetString().Should().Be("ok");
        ready.GetProperty("broken").GetInt32().Should().Be(1);
        ready.GetProperty("ready").GetInt32().Should().BePositive();
        ready.GetProperty("checks").EnumerateObject().Select(c => (c.Name, c.Value.GetString()))
            .Should().BeEquivalentTo([("app", "healthy"), ("database", "healthy"), ("key_ring", "healthy")]);
        aliasStatus.Should().Be(HttpStatusCode.OK);
        alias.GetRawText().Should().Be(ready.GetRawText());
    }

    [Fact]
    public async Task A_database_that_does_not_answer_makes_the_node_unready_not_dead_and_ready_again_when_it_is_back()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var hosted = await HostedApp.CreateAsync(""", "defaultElement": { "defaultDatabase": "databases.Default" }""" + TestCertificates.SettingsJson(TestCertificates.Shared));
        await LoginHarness.WritePostgresDatabaseElementAsync(hosted.App, server);
        await using var host = await hosted.StartHostAsync();
        (await GetAsync(host, "/health/ready")).Status.Should().Be(HttpStatusCode.OK);
        var bind = await host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode("openid-health") });
        var user = await host.CallOkAsync(HostedApp.OpenLogin, "register", new { bindCode = bind.GetProperty("bindCode").GetString() });
        var session = await host.CallOkAsync(HostedApp.AuthSvc, "loginByCode", new { loginCode = user.GetProperty("loginCode").GetString() });

        await server.StopAsync();

        // Checking a bearer token needs the database too: its failure is a 503 like any storage fault, never a 500.
        using (var unbind = await host.CallAsync(HostedApp.OpenLogin, "unbind", new { userId = user.GetProperty("userId").GetInt64() }, session.GetProperty("token").GetString()))
        {
            var body = await unbind.Content.ReadAsStringAsync();
            unbind.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
            body.Should().Contain("\"code\":\"database_unavailable\"").And.NotContain(server.Password);
        }

        var (downStatus, down) = await GetAsync(host, "/health/ready");
        var (liveStatus, _) = await GetAsync(host, "/health/live");
        var (aliasStatus, alias) = await GetAsync(host, "/health");

        downStatus.Should().Be(HttpStatusCode.ServiceUnavailable);
        down.GetProperty("status").GetString().Should().Be("unavailable");
        down.GetProperty("failing").EnumerateArray().Select(f => f.GetString()).Should().Equal("database");
        down.GetProperty("checks").GetProperty("database").GetString().Should().Be("database_unavailable");
        down.GetRawText().Should().NotContain(server.Password).And.NotContain("Npgsql").And.NotContain("127.0.0.1");
        liveStatus.Should().Be(HttpStatusCode.OK, "the process still serves");
        aliasStatus.Should().Be(HttpStatusCode.ServiceUnavailable);
        alias.GetProperty("failing").EnumerateArray().Select(f => f.GetString()).Should().Equal("database");

        await server.StartServerAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode status;
        while ((status = (await GetAsync(host, "/health/ready")).Status) != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        status.Should().Be(HttpStatusCode.OK, "the node is ready again without a restart");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HostProcess host, string path)
    {
        using var response = await host.Http.GetAsync(path);
        response.Headers.CacheControl?.NoStore.Should().BeTrue();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }
}
