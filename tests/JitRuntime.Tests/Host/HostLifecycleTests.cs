using System.Net;
using System.Text.Json;

namespace JitRuntime.Tests.Host;

/// <summary>Hot reload, limits, and graceful shutdown of the real host process.</summary>
[Collection(HostProcessTests.Name)]
public sealed class HostLifecycleTests
{
    private static async Task<JsonElement> ElementAsync(HostProcess host, string fullName)
    {
        using var list = JsonDocument.Parse(await host.Http.GetStringAsync("/api/elements"));
        var found = list.RootElement.EnumerateArray().FirstOrDefault(e => e.GetProperty("fullName").GetString() == fullName);
        return found.ValueKind == JsonValueKind.Undefined ? default : found.Clone();
    }

    /// <summary>Waits (bounded) until the host's element list satisfies <paramref name="condition"/>: reloads are asynchronous.</summary>
    private static async Task WaitForAsync(HostProcess host, string fullName, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (condition(await ElementAsync(host, fullName)))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{fullName} never became {what}. Host output:\n{host.Output}");
    }

    private static string? Status(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element.GetProperty("status").GetString() : null;

    [Fact]
    public async Task Elements_are_added_edited_broken_fixed_and_deleted_while_the_host_serves()
    {
        await using var hosted = await HostedApp.CreateAsync();
        await using var host = await hosted.StartHostAsync();
        const string name = "auths.loginTypes.lateLogin";

        // Add.
        hosted.WriteLogin("lateLogin", allowRegister: 0);
        await WaitForAsync(host, name, e => Status(e) == "ready", "ready after being added");
        using (var refused = await host.CallAsync(name, "getLoginCode", new { code = hosted.WeChat.IssueCode("late-1") }))
        {
            refused.StatusCode.Should().Be((HttpStatusCode)422, "allowRegister is 0");
        }

        // Edit: the new version serves later calls.
        hosted.WriteLogin("lateLogin", allowRegister: 1);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            using var response = await host.CallAsync(name, "getLoginCode", new { code = hosted.WeChat.IssueCode("late-2") });
            status = response.StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        status.Should().Be(HttpStatusCode.OK, "the edited element allows registration");

        // Break: the last good version keeps serving, and the listing says so.
        hosted.App.Element("auths/loginTypes/lateLogin", "{ \"title\": \"broken\", ");
        await WaitForAsync(host, name, e => Status(e)?.StartsWith("ready (last good", StringComparison.Ordinal) == true, "served as last good");
        (await host.CallOkAsync(name, "getLoginCode", new { code = hosted.WeChat.IssueCode("late-3") })).GetProperty("bindCode").GetString().Should().NotBeNull();
        await host.WaitForOutputAsync("last good version keeps serving");
        host.Output.Should().Contain("JIT001");

        // Fix.
        hosted.WriteLogin("lateLogin", allowRegister: 0);
        await WaitForAsync(host, name, e => Status(e) == "ready", "ready after the fix");
        using (var refusedAgain = await host.CallAsync(name, "getLoginCode", new { code = hosted.WeChat.IssueCode("late-4") }))
        {
            refusedAgain.StatusCode.Should().Be((HttpStatusCode)422);
        }

        // Delete.
        Directory.Delete(Path.Combine(hosted.App.Directory, "elements/auths/loginTypes/lateLogin"), recursive: true);
        await WaitForAsync(host, name, e => e.ValueKind == JsonValueKind.Undefined, "gone");
        using var gone = await host.CallAsync(name, "getLoginCode", new { code = "x" });
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Editing_app_json_to_extend_a_parent_app_brings_its_elements_in()
    {
        await using var hosted = await HostedApp.CreateAsync();
        using var parent = new Support.TempApp("parentApp");
        parent.Element("shared/services/Extra", """{ "title": "Extra sessions", "type": "auths.loginTypes.services.AuthSvcType" }""");
        await using var host = await hosted.StartHostAsync();
        (await ElementAsync(host, "shared.services.Extra")).ValueKind.Should().Be(JsonValueKind.Undefined);

        var manifest = Path.Combine(hosted.App.Directory, "app.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"name\": \"hostedApp\",", $"\"name\": \"hostedApp\", \"extends\": [\"{parent.Directory}\"],", StringComparison.Ordinal));

        await WaitForAsync(host, "shared.services.Extra", e => Status(e) == "ready", "inherited from the parent app");

        // The parent's folder is watched from now on too.
        parent.Element("shared/services/Later", """{ "title": "Later", "type": "auths.loginTypes.services.AuthSvcType" }""");
        await WaitForAsync(host, "shared.services.Later", e => Status(e) == "ready", "added in the parent app while serving");
    }

    [Fact]
    public async Task The_rate_limit_and_code_lifetimes_follow_the_settings()
    {
        await using var hosted = await HostedApp.CreateAsync(", \"Auths\": { \"BindCodeLifetime\": \"00:00:01\" }");
        hosted.App.Write("app.json", File.ReadAllText(Path.Combine(hosted.App.Directory, "app.json"))
            .Replace("\"PermitLimit\": 10000", "\"PermitLimit\": 3", StringComparison.Ordinal));
        await using var host = await hosted.StartHostAsync();

        var bind = await host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode("limited") });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        using var expired = await host.CallAsync(HostedApp.OpenLogin, "register", new { bindCode = bind.GetProperty("bindCode").GetString() });
        expired.StatusCode.Should().Be(HttpStatusCode.Gone);
        (await expired.Content.ReadAsStringAsync()).Should().Contain("bind_code_expired").And.Contain("bindCodes live 1 second", "the configured lifetime, not a fixed one");

        using var third = await host.CallAsync(HostedApp.OpenLogin, "register", new { bindCode = new string('A', 43) });
        third.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var fourth = await host.CallAsync(HostedApp.OpenLogin, "register", new { bindCode = new string('A', 43) });
        fourth.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        fourth.Headers.RetryAfter!.Delta!.Value.Should().BeLessThan(TimeSpan.FromSeconds(60), "the time until the window resets, not the window")
            .And.BePositive();
        (await fourth.Content.ReadAsStringAsync()).Should().Contain("rate_limited");
        using var health = await host.Http.GetAsync("/health");
        health.StatusCode.Should().Be(HttpStatusCode.OK, "only element calls are rate-limited");
    }

    [Fact]
    public async Task SIGTERM_lets_requests_in_flight_finish_and_closes_the_database_cleanly()
    {
        await using var hosted = await HostedApp.CreateAsync();
        await using var host = await hosted.StartHostAsync();
        await host.CallOkAsync(HostedApp.OpenLogin, "getLoginCode", new { code = hosted.WeChat.IssueCode("warm") });
        var reachedWeChat = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = hosted.WeChat.Script(async (_, context) =>
        {
            reachedWeChat.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await JitRuntime.Fakes.FakeWeChatServer.WriteAsync(context,
                $$"""{"openid":"in-flight","session_key":"{{Convert.ToBase64String(new byte[16])}}"}""");
        });

        var inFlight = host.CallAsync(HostedApp.OpenLogin, "getLoginCode", new { code = slow });

        // Stop only once the call is inside the host (its code2session request reached WeChat), not after a guess.
        await reachedWeChat.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var exitCode = await host.StopAsync(TimeSpan.FromSeconds(30));

        using var response = await inFlight;
        response.StatusCode.Should().Be(HttpStatusCode.OK, "a request in flight finishes before the host stops");
        exitCode.Should().Be(0);
        var wal = Path.Combine(hosted.App.Directory, "data", "app.db-wal");
        (!File.Exists(wal) || new FileInfo(wal).Length == 0).Should().BeTrue("the WAL is folded back on a clean close");
        host.Output.Should().Contain("Application is shutting down");
    }
}
