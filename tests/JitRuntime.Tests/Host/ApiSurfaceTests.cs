using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using JitRuntime.Host.Hosting;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Host;

/// <summary>
/// The same declared interface on every surface of a running host, checked by independent clients: the OpenAPI
/// document (an OpenAPI 3.1 validator from npm), the API reference page (headless Chromium renders it) and the MCP
/// tools (the official TypeScript SDK lists and calls them).
/// </summary>
public sealed partial class ApiSurfaceTests : IAsyncLifetime, IDisposable
{
    private const string PrivateLogin = "company.privateLogin";
    private HostedApp _hosted = null!;
    private Microsoft.AspNetCore.Builder.WebApplication _host = null!;
    private HttpClient _http = null!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        _hosted = await HostedApp.CreateAsync();
        var app = _hosted.App;
        _hosted.WriteTypeElement(HostedApp.CompanyType);
        app.Element("company/privateLogin", """{ "title": "Private", "type": "company.OpenWeChatType", "accessModifier": "private" }""");
        app.Element("company/narrowLogin", """{ "title": "Narrow", "type": "company.OpenWeChatType", "functionList": [ { "name": "getLoginCode" } ] }""");
        _host = JitWebHost.Build(app.Directory, "http://127.0.0.1:0");
        await JitWebHost.StartAsync(_host);
        _url = _host.Urls.Single().TrimEnd('/') + "/";
        _http = new HttpClient { BaseAddress = new Uri(_url) };
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _hosted.DisposeAsync();
    }

    private static readonly string[] LoginFunctions = ["bind", "cancelScanLogin", "checkSession", "confirmScanLogin", "createScanLogin", "getLoginCode", "getPhoneNumber", "getScanLogin", "pollScanLogin", "register", "unbind"];

    /// <summary>Every callable (element, function) of the test app: instances only, their effective functionLists.</summary>
    private static IEnumerable<string> Callable(bool withPrivate) =>
        new[] { HostedApp.OpenLogin, HostedApp.ClosedLogin }.Concat(withPrivate ? [PrivateLogin] : []).SelectMany(e => LoginFunctions.Select(f => $"{e}.{f}"))
            .Concat(["company.narrowLogin.getLoginCode", $"{HostedApp.AuthSvc}.getSession", $"{HostedApp.AuthSvc}.loginByCode", $"{HostedApp.AuthSvc}.logout"]);

    [Fact]
    public async Task The_OpenAPI_document_describes_every_effective_function_and_an_independent_validator_accepts_it()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        root.GetProperty("openapi").GetString().Should().StartWith("3.1");
        var operations = root.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("post"));
        operations.Keys.Should().BeEquivalentTo(Callable(withPrivate: true).Select(n => $"/api/elements/{n[..n.LastIndexOf('.')]}/{n[(n.LastIndexOf('.') + 1)..]}"),
            "one operation per function in an instance's effective functionList; no Type element, no unlisted function");

        var getLoginCode = operations[$"/api/elements/{HostedApp.OpenLogin}/getLoginCode"];
        getLoginCode.TryGetProperty("security", out _).Should().BeFalse("getLoginCode is loginRequired 0");
        var schema = getLoginCode.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().Equal("code");
        schema.GetProperty("properties").GetProperty("code").GetProperty("maxLength").GetInt32().Should().Be(255);
        var unbind = operations[$"/api/elements/{HostedApp.OpenLogin}/unbind"];
        unbind.GetProperty("security")[0].TryGetProperty("bearer", out _).Should().BeTrue("loginRequired functions carry the bearer scheme");
        unbind.GetProperty("responses").GetProperty("default").GetProperty("content").TryGetProperty("application/problem+json", out _).Should().BeTrue();
        root.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString().Should().Be("bearer");

        var validated = await ExternalTools.NodeAsync("openapi.mjs", _url + "openapi/v1.json", operations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        validated.Should().StartWith("openapi: valid OpenAPI 3.1");
    }

    [Fact]
    public async Task The_API_reference_page_lists_the_element_functions_in_a_real_browser()
    {
        var dom = await ExternalTools.ChromiumAsync("--virtual-time-budget=30000", "--dump-dom", _url + "scalar/");
        var text = Whitespace().Replace(Tags().Replace(Scripts().Replace(dom, " "), " "), " ");

        text.Should().Contain("JitRuntime API");
        foreach (var element in new[] { HostedApp.ClosedLogin, HostedApp.OpenLogin, HostedApp.AuthSvc, "company.narrowLogin", PrivateLogin })
        {
            text.Should().Contain($"Group - {element}", "the page lists every element with callable functions (one group each)");
        }

        text.Should().NotContain("Group - company.OpenWeChatType", "a Type element has no functions to call");
        foreach (var function in LoginFunctions)
        {
            // The first group is rendered open: its operations from /openapi/v1.json, titles as summaries.
            text.Should().Contain($"post /api/elements/{HostedApp.ClosedLogin}/{function}");
        }

        text.Should().Contain("Register a new user with a bindCode");

        // A picture for people, kept out of git (bin/ is ignored).
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "api-reference.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await ExternalTools.ChromiumAsync("--virtual-time-budget=30000", "--window-size=1280,900", $"--screenshot={screenshot}", _url + "scalar/");
        new FileInfo(screenshot).Length.Should().BeGreaterThan(10_000);
    }

    [Fact]
    public async Task The_API_reference_page_shows_each_functions_result_schema_in_a_real_browser()
    {
        var output = await ExternalTools.NodeAsync("scalar.mjs", _url + "scalar/", $"/api/elements/{HostedApp.OpenLogin}/getLoginCode",
            "loginCode", "bindCode", "corpList", "expiresIn");

        output.Should().Contain("OK");
    }

    [Fact]
    public async Task Every_function_describes_its_result_in_the_API_document_MCP_and_the_listing()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("openapi/v1.json"));
        var ok = document.RootElement.GetProperty("paths").GetProperty($"/api/elements/{HostedApp.OpenLogin}/getLoginCode").GetProperty("post")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json");
        ok.GetProperty("schema").GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["loginCode", "corpList", "bindCode", "expiresIn"]);
        ok.GetProperty("schema").GetProperty("required").EnumerateArray().Select(r => r.GetString()).Should().Equal("expiresIn");
        ok.GetProperty("example").GetProperty("expiresIn").GetInt32().Should().Be(300);

        using var tools = await McpAsync("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""");
        var listed = tools.RootElement.GetProperty("result").GetProperty("tools").EnumerateArray().ToList();
        listed.Should().NotBeEmpty().And.OnlyContain(t => t.GetProperty("outputSchema").GetProperty("type").GetString() == "object",
            "every shipped function answers an object, described as the tool's output schema");
        listed.Single(t => t.GetProperty("name").GetString() == $"{HostedApp.AuthSvc}.loginByCode").GetProperty("outputSchema")
            .GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Contain(["token", "userId", "expiresAt"]);

        using var elements = JsonDocument.Parse(await _http.GetStringAsync("api/elements"));
        var functions = elements.RootElement.EnumerateArray().Single(e => e.GetProperty("fullName").GetString() == HostedApp.OpenLogin).GetProperty("functionList");
        functions.EnumerateArray().Should().OnlyContain(f => f.GetProperty("returnType").GetString() == "JitDict" && f.GetProperty("returnSchema").GetProperty("type").GetString() == "object");
    }

    private async Task<JsonDocument> McpAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("data:", StringComparison.Ordinal))["data:".Length..]);
    }

    [Fact]
    public async Task MCP_tools_are_the_functions_of_non_private_instances_and_calls_keep_loginRequired_and_problem_shaped_errors()
    {
        var code = _hosted.WeChat.IssueCode("openid-mcp");
        var output = await ExternalTools.NodeAsync("mcp.mjs", _url + "mcp",
            $$"""{{HostedApp.OpenLogin}}.getLoginCode={"code":"{{code}}"}""",
            $$"""{{HostedApp.OpenLogin}}.getLoginCode={"code":"{{code}}"}""",
            $$"""{{HostedApp.OpenLogin}}.getLoginCode={"code":""}""",
            $$"""{{HostedApp.OpenLogin}}.unbind={"userId":1}""");
        using var answer = JsonDocument.Parse(output);
        var tools = answer.RootElement.GetProperty("tools").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        tools.Keys.Should().BeEquivalentTo(Callable(withPrivate: false), "private elements are not listed");
        tools[$"{HostedApp.OpenLogin}.getLoginCode"].GetProperty("inputSchema").GetProperty("required")[0].GetString().Should().Be("code");

        var calls = answer.RootElement.GetProperty("calls").EnumerateArray().ToList();
        calls[0].GetProperty("isError").GetBoolean().Should().BeFalse(calls[0].ToString());
        var bindCode = calls[0].GetProperty("structured").GetProperty("bindCode").GetString();
        bindCode.Should().HaveLength(43);

        JsonElement Problem(JsonElement call)
        {
            call.GetProperty("isError").GetBoolean().Should().BeTrue(call.ToString());
            return JsonDocument.Parse(call.GetProperty("text").GetString()!).RootElement.Clone();
        }

        Problem(calls[1]).GetProperty("code").GetString().Should().Be("wechat_code_used", "a used code is WeChat's 40163, as over HTTP");
        Problem(calls[1]).GetProperty("errcode").GetInt32().Should().Be(40163);
        Problem(calls[2]).GetProperty("status").GetInt32().Should().Be(400);
        Problem(calls[3]).GetProperty("code").GetString().Should().Be("authentication_required", "loginRequired holds over MCP too");

        // With the session's bearer token on the MCP request, the user may act for themselves.
        var registered = await PostAsync(HostedApp.OpenLogin, "register", new { bindCode });
        var session = await PostAsync(HostedApp.AuthSvc, "loginByCode", new { loginCode = registered.GetProperty("loginCode").GetString() });
        var userId = registered.GetProperty("userId").GetInt64();
        var authenticated = await ExternalTools.NodeAsync("mcp.mjs", _url + "mcp", "--token", session.GetProperty("token").GetString()!,
            $$"""{{HostedApp.OpenLogin}}.unbind={"userId":{{userId}}}""", $$"""{{HostedApp.OpenLogin}}.unbind={"userId":{{userId + 1}}}""");
        var authenticatedCalls = JsonDocument.Parse(authenticated).RootElement.GetProperty("calls");
        authenticatedCalls[0].GetProperty("structured").GetProperty("success").GetBoolean().Should().BeTrue(authenticatedCalls[0].ToString());
        Problem(authenticatedCalls[1]).GetProperty("code").GetString().Should().Be("forbidden");
    }

    private async Task<JsonElement> PostAsync(string element, string function, object arguments)
    {
        using var response = await _http.PostAsJsonAsync($"/api/elements/{element}/{function}", arguments);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [GeneratedRegex("<script.*?</script>|<style.*?</style>", RegexOptions.Singleline)]
    private static partial Regex Scripts();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
