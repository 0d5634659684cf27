using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JitRuntime.Tests.Host;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Tests.Fuzz;

/// <summary>
/// Text that is not valid Unicode (<see cref="HostileJson"/>) sent to a real host over HTTP on 127.0.0.1, to every
/// function it serves, on both routes and as MCP tool calls: never a 500, never a JSON-RPC internal error, never a stack
/// trace in the log; a lone surrogate or a byte that is not UTF-8 is a 400 <c>invalid_arguments</c> (a tool error over MCP).
/// </summary>
public sealed class HostileTextHttpTests : IAsyncLifetime, IDisposable
{
    private readonly CapturingLoggerProvider _logs = new();
    private HostedApp _hosted = null!;
    private InProcessHost _host = null!;

    private HttpClient Http => _host.Http;

    public async Task InitializeAsync()
    {
        _hosted = await HostedApp.CreateAsync();
        _host = await InProcessHost.StartAsync(_hosted.App.Directory, configureServices: services => services.AddLogging(l => l.AddProvider(_logs)));
    }

    public void Dispose() => _logs.Dispose();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _hosted.DisposeAsync();
    }

    /// <summary>Every function the host serves, with its argument names, from its own listing.</summary>
    private async Task<List<(string Element, string Function, List<string> Args)>> FunctionsAsync()
    {
        using var listing = JsonDocument.Parse(await Http.GetStringAsync("/api/elements"));
        var functions = listing.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("role").GetString() == "instance" && e.GetProperty("status").GetString() == "ready")
            .SelectMany(e => e.GetProperty("functionList").EnumerateArray().Select(f => (
                e.GetProperty("fullName").GetString()!,
                f.GetProperty("name").GetString()!,
                f.GetProperty("args").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToList())))
            .ToList();
        functions.Select(f => f.Item2).Should().Contain(["getLoginCode", "register", "bind", "unbind", "getPhoneNumber", "checkSession", "loginByCode", "getSession", "logout"]);
        return functions;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    [Theory]
    [InlineData(41)]
    [InlineData(42)]
    public async Task Text_that_is_not_valid_Unicode_never_gets_a_500_on_either_route(int seed)
    {
        var random = new Random(seed);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (element, function, args) in await FunctionsAsync())
        {
            for (var round = 0; round < 12; round++)
            {
                var body = HostileJson.Arguments(random, args);
                var path = round % 2 == 0
                    ? $"/api/elements/{element}/{function}"
                    : $"/api/local/hostedApp/{element.Replace('.', '/')}/{function}";
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
                if (random.Next(3) == 0)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-session-" + random.Next());
                }

                using var response = await Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();

                ((int)response.StatusCode).Should().BeLessThan(500, $"seed {seed} {path} {Convert.ToHexString(body)} -> {text}");
                text.Should().NotContain("   at ");
                var code = JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var c) ? c.GetString()! : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                counts[code] = counts.GetValueOrDefault(code) + 1;
            }
        }

        counts.GetValueOrDefault("invalid_arguments").Should().BeGreaterThan(50, string.Join(", ", counts));
        _logs.Lines.Should().NotContain(l => l.Contains("Unexpected failure", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal),
            "a bad request is no error of the host's and leaves no stack trace");
    }

    [Fact]
    public async Task A_lone_surrogate_and_bytes_that_are_not_UTF8_are_400_invalid_arguments_naming_the_argument()
    {
        foreach (var (body, argument) in new (byte[], string)[]
        {
            ("{\"code\":\"\\ud800-1\"}"u8.ToArray(), "'code'"),
            ([.. "{\"code\":\"a"u8, 0xC0, 0xAF, .. "\"}"u8], "'code'"),
            ([.. "{\""u8, 0xED, 0xA0, 0x80, .. "\":\"x\"}"u8], "an argument name"),
        })
        {
            using var response = await Http.PostAsync($"/api/elements/{HostedApp.OpenLogin}/getLoginCode", Json(body));
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, text);
            var problem = JsonDocument.Parse(text).RootElement;
            problem.GetProperty("code").GetString().Should().Be("invalid_arguments");
            problem.GetProperty("detail").GetString().Should().Contain(argument).And.Contain("not valid Unicode");
        }

        _hosted.WeChat.TotalRequests.Should().Be(0, "nothing reached WeChat");
        _logs.Lines.Where(l => l.Contains("Invalid arguments from", StringComparison.Ordinal)).Should().HaveCount(3, "one line per refused request")
            .And.OnlyContain(l => l.Contains("not valid Unicode", StringComparison.Ordinal) && !l.Contains("   at ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(51)]
    [InlineData(52)]
    public async Task Text_that_is_not_valid_Unicode_in_MCP_tool_calls_is_a_tool_error_never_an_internal_one(int seed)
    {
        var random = new Random(seed);
        var toolErrors = 0;
        var id = 0;
        foreach (var (element, function, args) in await FunctionsAsync())
        {
            for (var round = 0; round < 6; round++)
            {
                var arguments = HostileJson.Arguments(random, args);
                byte[] body = [.. Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","id":{{++id}},"method":"tools/call","params":{"name":"{{element}}.{{function}}","arguments":"""), .. arguments, .. "}}"u8];
                using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = Json(body) };
                request.Headers.Accept.ParseAdd("application/json");
                request.Headers.Accept.ParseAdd("text/event-stream");

                using var response = await Http.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();

                ((int)response.StatusCode).Should().BeLessThan(500, $"seed {seed} {Convert.ToHexString(body)} -> {text}");
                text.Should().NotContain("-32603", $"no internal error: {Convert.ToHexString(arguments)} -> {text}");
                if (text.Contains("\"isError\":true", StringComparison.Ordinal) && text.Contains("invalid_arguments", StringComparison.Ordinal))
                {
                    toolErrors++;
                }
            }
        }

        toolErrors.Should().BeGreaterThan(20, "most hostile arguments are refused as tool errors carrying the problem");
        _logs.Lines.Should().NotContain(l => l.Contains("   at ", StringComparison.Ordinal), "no stack trace per bad request");
    }
}
