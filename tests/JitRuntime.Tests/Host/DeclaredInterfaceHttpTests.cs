using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using JitRuntime.Host.Hosting;

namespace JitRuntime.Tests.Host;

/// <summary>
/// The declared interface over HTTP on a real host: JitAi's path shape answers like /api/elements, a Type element is
/// not callable, a functionList narrows and raises loginRequired, and /api/elements shows the effective functionList.
/// </summary>
public sealed class DeclaredInterfaceHttpTests : IAsyncLifetime, IDisposable
{
    private HostedApp _hosted = null!;
    private Microsoft.AspNetCore.Builder.WebApplication _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _hosted = await HostedApp.CreateAsync();
        var app = _hosted.App;
        _hosted.WriteTypeElement(HostedApp.CompanyType);
        app.Element("company/myLogin", """{ "title": "My login", "type": "company.OpenWeChatType" }""");
        app.Element("company/strictLogin", """
            { "title": "Strict", "type": "company.OpenWeChatType", "functionList": [ { "name": "getLoginCode", "loginRequired": 1 } ] }
            """);
        _host = JitWebHost.Build(app.Directory, "http://127.0.0.1:0");
        await JitWebHost.StartAsync(_host);
        _http = new HttpClient { BaseAddress = new Uri(_host.Urls.Single()) };
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _hosted.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object arguments, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(arguments) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task JitAis_path_shape_serves_the_same_calls_with_the_same_answers()
    {
        var (status, body) = await PostAsync("/api/local/hostedApp/auths/loginTypes/openLogin/getLoginCode", new { code = _hosted.WeChat.IssueCode("openid-jitai-path") });
        status.Should().Be(HttpStatusCode.OK, body.ToString());
        var bindCode = body.GetProperty("bindCode").GetString();
        (status, body) = await PostAsync("/api/local/hostedApp/auths/loginTypes/openLogin/register", new { bindCode });
        status.Should().Be(HttpStatusCode.OK, body.ToString());
        body.GetProperty("userId").GetInt64().Should().BePositive();

        var viaJitAi = await PostAsync("/api/local/hostedApp/auths/loginTypes/openLogin/register", new { bindCode });
        var viaElements = await PostAsync($"/api/elements/{HostedApp.OpenLogin}/register", new { bindCode });
        viaJitAi.Status.Should().Be(HttpStatusCode.Conflict);
        foreach (var member in new[] { "status", "code", "detail", "title" })
        {
            viaJitAi.Body.GetProperty(member).ToString().Should().Be(viaElements.Body.GetProperty(member).ToString(), "same handler, same answer");
        }

        (await PostAsync("/api/local/hostedApp/auths/loginTypes/openLogin/nope", new { })).Body.GetProperty("code").GetString().Should().Be("method_not_found");
        foreach (var other in new[] { "/api/otherOrg/hostedApp/auths/loginTypes/openLogin/getLoginCode", "/api/local/otherApp/auths/loginTypes/openLogin/getLoginCode" })
        {
            var (otherStatus, problem) = await PostAsync(other, new { code = "x" });
            otherStatus.Should().Be(HttpStatusCode.NotFound);
            problem.GetProperty("code").GetString().Should().Be("app_not_found");
            problem.GetProperty("detail").GetString().Should().Contain("/api/local/hostedApp/");
        }
    }

    [Fact]
    public async Task A_Type_element_answers_404_and_never_reaches_WeChat_while_its_instance_logs_in()
    {
        var before = _hosted.WeChat.TotalRequests;
        var (status, body) = await PostAsync("/api/elements/company.OpenWeChatType/getLoginCode", new { code = _hosted.WeChat.IssueCode("openid-type") });
        status.Should().Be(HttpStatusCode.NotFound);
        body.GetProperty("code").GetString().Should().Be("element_not_callable");
        _hosted.WeChat.TotalRequests.Should().Be(before, "a Type element does not exchange codes or register users");

        (status, body) = await PostAsync("/api/local/hostedApp/company/myLogin/getLoginCode", new { code = _hosted.WeChat.IssueCode("openid-instance") });
        status.Should().Be(HttpStatusCode.OK, body.ToString());
        body.TryGetProperty("bindCode", out _).Should().BeTrue("the instance inherits allowRegister 1 from its Type element");
    }

    [Fact]
    public async Task An_elements_functionList_narrows_what_is_callable_and_can_raise_loginRequired()
    {
        var (status, body) = await PostAsync("/api/elements/company.strictLogin/register", new { bindCode = new string('A', 43) });
        status.Should().Be(HttpStatusCode.NotFound);
        body.GetProperty("code").GetString().Should().Be("method_not_found");

        (status, body) = await PostAsync("/api/elements/company.strictLogin/getLoginCode", new { code = _hosted.WeChat.IssueCode("openid-strict") });
        status.Should().Be(HttpStatusCode.Unauthorized);
        body.GetProperty("code").GetString().Should().Be("authentication_required");

        using var list = JsonDocument.Parse(await _http.GetStringAsync("/api/elements"));
        var elements = list.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("fullName").GetString()!);
        elements["company.OpenWeChatType"].GetProperty("role").GetString().Should().Be("type");
        elements["company.OpenWeChatType"].GetProperty("functionList").GetArrayLength().Should().Be(0);
        var strict = elements["company.strictLogin"].GetProperty("functionList").EnumerateArray().Should().ContainSingle().Subject;
        strict.GetProperty("name").GetString().Should().Be("getLoginCode");
        strict.GetProperty("loginRequired").GetInt32().Should().Be(1);
        strict.GetProperty("args")[0].GetProperty("dataType").GetString().Should().Be("Stext");
        var open = elements[HostedApp.OpenLogin].GetProperty("functionList").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        open.Keys.Should().BeEquivalentTo("bind", "cancelScanLogin", "checkSession", "confirmScanLogin", "createScanLogin", "getLoginCode", "getPhoneNumber", "getScanLogin", "pollScanLogin", "register", "unbind");
        open["getLoginCode"].GetProperty("loginRequired").GetInt32().Should().Be(0);
        open["bind"].GetProperty("loginRequired").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task An_MCP_tool_error_carries_the_problem_as_plain_text_not_escaped_twice()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = JsonContent.Create(new
            {
                jsonrpc = "2.0", id = 1, method = "tools/call",
                @params = new { name = $"{HostedApp.OpenLogin}.unbind", arguments = new { userId = 1 } },
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var data = body.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("data:", StringComparison.Ordinal))["data:".Length..];
        var result = JsonDocument.Parse(data).RootElement.GetProperty("result");

        result.GetProperty("isError").GetBoolean().Should().BeTrue();
        var text = result.GetProperty("content")[0].GetProperty("text").GetString()!;
        text.Should().Contain("'Authorization: Bearer <token>'").And.NotContain("\\u0027").And.NotContain("\\u003C");
        JsonDocument.Parse(text).RootElement.GetProperty("code").GetString().Should().Be("authentication_required");
    }

    [Fact]
    public async Task The_reference_page_leads_nowhere_outside_the_app()
    {
        var page = await _http.GetStringAsync("/scalar/");

        page.Should().Contain("\"agent\":{\"disabled\":true}", "no AI chat").And.Contain("\"showDeveloperTools\":\"never\"", "no deploy or share toolbar")
            .And.Contain("\"telemetry\":false").And.Contain("\"mcp\":{\"disabled\":true");
    }

    [Fact]
    public async Task The_API_description_and_MCP_can_be_turned_off()
    {
        var host = JitWebHost.Build(_hosted.App.Directory, "http://127.0.0.1:0",
            new Dictionary<string, string?> { ["Host:ApiReference"] = "false", ["Host:Mcp"] = "false" });
        await using var _ = host;
        await JitWebHost.StartAsync(host);
        using var http = new HttpClient { BaseAddress = new Uri(host.Urls.Single()) };

        foreach (var path in new[] { "/openapi/v1.json", "/scalar/" })
        {
            using var response = await http.GetAsync(path);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        }

        using var mcp = await http.PostAsync("/mcp", JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "tools/list" }));
        mcp.StatusCode.Should().Be(HttpStatusCode.NotFound, "no MCP endpoint");
        using var enabled = await _http.GetAsync("/openapi/v1.json");
        enabled.StatusCode.Should().Be(HttpStatusCode.OK, "on by default");
    }
}
