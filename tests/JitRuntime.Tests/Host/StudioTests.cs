using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using JitRuntime.Host.Cli;
using JitRuntime.Host.Studio;
using JitRuntime.Tests.Support;
using Newtonsoft.Json.Linq;
using Xunit.Abstractions;

namespace JitRuntime.Tests.Host;

/// <summary>
/// The Element Studio (<c>jit run --studio</c>): in headless Chromium as an author uses it, and its API's rules —
/// the token, the origin, loopback only, secrets never served, writes only inside <c>elements/</c>.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed partial class StudioTests(ITestOutputHelper output)
{
    private const string Token = "test-token-0123456789abcdefghijklmnopqrstuv";

    [Fact]
    public async Task An_author_creates_a_login_in_the_browser_calls_it_and_sees_a_broken_edit_at_its_field()
    {
        using var sample = new TempApp();
        Folders.CopySampleApp(sample.Directory);
        await using var host = await HostProcess.StartAsync(sample.Directory,
            new Dictionary<string, string> { ["WECHAT_APP_SECRET"] = "dev", ["STUDIO_LOGIN_APP_SECRET"] = "dev" }, "--dev-wechat", "--studio");
        await host.WaitForOutputAsync("Element Studio");
        var url = StudioUrl().Match(host.Output).Value;
        url.Should().StartWith(host.Http.BaseAddress!.ToString().TrimEnd('/') + "/studio/?token=", "the log names the studio with its token, on the address served");
        var shots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "studio-screenshots")).FullName;

        var steps = await ExternalTools.NodeAsync("studio.mjs", url, shots);

        output.WriteLine(steps);
        output.WriteLine($"screenshots: {shots}");
        steps.Should().Contain("without the token: 401").And.Contain("its getLoginCode answers a bindCode").And.Contain("diagnostic at the field");
        var written = JObject.Parse(File.ReadAllText(Path.Combine(sample.Directory, "elements/auths/loginTypes/studioLogin/studioLogin.json")));
        written["authConfig"]!["appId"]!.Value<string>().Should().Be("wx0123456789abcdef", "the broken edit was not written");
        written["authConfig"]!["appSecret"]!.Value<string>().Should().Be("${STUDIO_LOGIN_APP_SECRET}", "the secret is a placeholder");
        File.Exists(Path.Combine(shots, "studio-broken.png")).Should().BeTrue();
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://*:5000")]
    [InlineData("http://127.0.0.1:5000;http://192.0.2.1:5000")]
    public async Task The_studio_is_refused_on_anything_but_loopback(string urls)
    {
        using var app = new TempApp();

        var (exit, _, error) = await JitCli.RunAsync("run", "--app", app.Directory, "--studio", "--urls", urls);

        exit.Should().Be(JitCommandLine.UsageError);
        error.Should().Contain("--studio serves only on loopback addresses");
    }

    private static async Task<(InProcessHost Host, TempApp App)> StartAsync()
    {
        var app = new TempApp();
        app.WeChatLogin("auths/loginTypes/login", allowRegister: 1, appSecret: "literal-secret-value");
        return (await InProcessHost.StartAsync(app.Directory, studioToken: Token), app);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, object? body = null, bool token = true, string? origin = "self", InProcessHost? host = null)
    {
        var request = new HttpRequestMessage(method, path + (token ? (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=" + Token : ""));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (origin is not null && host is not null)
        {
            request.Headers.Add("Origin", origin == "self" ? host.Http.BaseAddress!.ToString().TrimEnd('/') : origin);
        }

        return request;
    }

    [Fact]
    public async Task Without_the_token_every_route_is_401_and_a_write_from_another_origin_is_403()
    {
        var (host, app) = await StartAsync();
        await using var _ = host;
        using var __ = app;

        foreach (var path in new[] { "/studio/", "/studio/studio.js", "/studio/api/state", "/studio/api/elements/auths.loginTypes.login" })
        {
            using var response = await host.Http.SendAsync(Request(HttpMethod.Get, path, token: false));
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
        }

        using var page = await host.Http.SendAsync(Request(HttpMethod.Get, "/studio/"));
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Headers.GetValues("Set-Cookie").Single().Should().Contain(StudioAccess.CookieName).And.Contain("httponly").And.Contain("samesite=strict");

        using var foreign = await host.Http.SendAsync(Request(HttpMethod.Delete, "/studio/api/elements/auths.loginTypes.login", origin: "http://evil.example", host: host));
        foreign.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var none = await host.Http.SendAsync(Request(HttpMethod.Delete, "/studio/api/elements/auths.loginTypes.login", origin: null));
        none.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a write without an Origin is refused too");
        File.Exists(Path.Combine(app.Directory, "elements/auths/loginTypes/login/e.json")).Should().BeTrue();
    }

    [Fact]
    public async Task A_secret_is_never_served_and_saving_it_hidden_keeps_the_value_on_disk()
    {
        var (host, app) = await StartAsync();
        await using var _ = host;
        using var __ = app;

        using var read = await host.Http.SendAsync(Request(HttpMethod.Get, "/studio/api/elements/auths.loginTypes.login"));
        var text = await read.Content.ReadAsStringAsync();
        read.StatusCode.Should().Be(HttpStatusCode.OK, text);
        text.Should().NotContain("literal-secret-value");
        var element = JsonDocument.Parse(text).RootElement;
        element.GetProperty("configuration").GetProperty("authConfig").GetProperty("appSecret").GetString().Should().Be(StudioApi.Hidden);

        var configuration = JsonSerializer.Deserialize<Dictionary<string, object>>(element.GetProperty("configuration").GetRawText())!;
        var declaration = JsonSerializer.Deserialize<Dictionary<string, object>>(element.GetProperty("declaration").GetRawText())!;
        declaration["title"] = "Renamed in the studio";
        using var saved = await host.Http.SendAsync(Request(HttpMethod.Put, "/studio/api/elements/auths.loginTypes.login", new { declaration, configuration }, host: host));
        saved.StatusCode.Should().Be(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());

        File.ReadAllText(Path.Combine(app.Directory, "elements/auths/loginTypes/login/login.json")).Should().Contain("literal-secret-value").And.NotContain(StudioApi.Hidden);
        File.ReadAllText(Path.Combine(app.Directory, "elements/auths/loginTypes/login/e.json")).Should().Contain("Renamed in the studio");
    }

    [Fact]
    public async Task Writes_stay_inside_elements_and_a_new_element_is_checked_before_anything_is_written()
    {
        var (host, app) = await StartAsync();
        await using var _ = host;
        using var __ = app;

        var escape = new { declaration = new { title = "x", type = "auths.loginTypes.WeChatMiniType", frontBundleEntry = "../../../../outside.json" }, configuration = new { authConfig = new { appId = "wx0123456789abcdef" } } };
        using var edited = await host.Http.SendAsync(Request(HttpMethod.Put, "/studio/api/elements/auths.loginTypes.login", escape, host: host));
        edited.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await edited.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().Should().Be("outside_elements");
        File.Exists(Path.Combine(app.Directory, "outside.json")).Should().BeFalse();
        File.Exists(Path.Combine(app.Directory, "elements", "outside.json")).Should().BeFalse();

        using var invalid = await host.Http.SendAsync(Request(HttpMethod.Post, "/studio/api/elements",
            new { type = "auths.loginTypes.WeChatMiniType", fullName = "auths.loginTypes.fresh", configuration = new { authConfig = new { appId = "bad" } } }, host: host));
        var refused = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync()).RootElement;
        invalid.StatusCode.Should().Be((HttpStatusCode)422);
        refused.GetProperty("diagnostics").EnumerateArray().Should().Contain(d => d.GetProperty("key").GetString() == "authConfig.appId" && d.GetProperty("document").GetString() == "configuration");
        Directory.Exists(Path.Combine(app.Directory, "elements/auths/loginTypes/fresh")).Should().BeFalse("nothing is written when invalid");
    }

    [Fact]
    public async Task A_configuration_the_loader_refuses_is_never_read_a_link_out_of_the_folder_included()
    {
        var (host, app) = await StartAsync();
        await using var _ = host;
        using var __ = app;
        var outside = app.Write("outside/secret.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "outside-secret" } }""");
        app.Element("auths/loginTypes/linked", """{ "title": "Linked", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./linked.json" }""");
        File.CreateSymbolicLink(Path.Combine(app.Directory, "elements/auths/loginTypes/linked/linked.json"), outside);
        var text = "";
        for (var i = 0; i < 100 && !text.Contains("auths.loginTypes.linked", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            using var state = await host.Http.SendAsync(Request(HttpMethod.Get, "/studio/api/state"));
            text = await state.Content.ReadAsStringAsync();
        }

        using var read = await host.Http.SendAsync(Request(HttpMethod.Get, "/studio/api/elements/auths.loginTypes.linked"));
        var body = await read.Content.ReadAsStringAsync();

        read.StatusCode.Should().Be(HttpStatusCode.OK, body);
        body.Should().NotContain("outside-secret");
        JsonDocument.Parse(body).RootElement.GetProperty("configuration").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Deleting_removes_the_elements_own_files_and_never_another_element_inside_its_folder()
    {
        var (host, app) = await StartAsync();
        await using var _ = host;
        using var __ = app;
        app.WeChatLogin("auths/loginTypes/login/nested", appSecret: "${NESTED_SECRET}");
        var state = "";
        for (var i = 0; i < 100 && !state.Contains("auths.loginTypes.login.nested", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            using var response = await host.Http.SendAsync(Request(HttpMethod.Get, "/studio/api/state"));
            state = await response.Content.ReadAsStringAsync();
        }

        state.Should().Contain("auths.loginTypes.login.nested", "the studio's state follows the files");

        using var deleted = await host.Http.SendAsync(Request(HttpMethod.Delete, "/studio/api/elements/auths.loginTypes.login", host: host));

        deleted.StatusCode.Should().Be(HttpStatusCode.OK, await deleted.Content.ReadAsStringAsync());
        var folder = Path.Combine(app.Directory, "elements/auths/loginTypes/login");
        File.Exists(Path.Combine(folder, "e.json")).Should().BeFalse();
        File.Exists(Path.Combine(folder, "login.json")).Should().BeFalse();
        File.Exists(Path.Combine(folder, "nested", "e.json")).Should().BeTrue("the element inside the folder is another element");
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/studio/\?token=[A-Za-z0-9_-]+")]
    private static partial Regex StudioUrl();
}
