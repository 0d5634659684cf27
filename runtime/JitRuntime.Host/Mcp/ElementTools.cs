using System.Text.Json;
using JitRuntime.Calls;
using JitRuntime.Elements;
using JitRuntime.Host.Hosting;
using JitRuntime.Host.HttpApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace JitRuntime.Host.Mcp;

/// <summary>
/// The served app's functions as Model Context Protocol tools (Streamable HTTP at <c>/mcp</c>, stateless): one tool per
/// callable function of every instance element that is not private, named <c>{fullName}.{function}</c>, its input schema
/// from the args. A call goes through the same dispatch as HTTP: <c>loginRequired</c> holds (the bearer token of the MCP
/// request's HTTP headers), arguments are checked the same way, and a refusal is a tool error whose text is the same
/// problem (<c>status</c>, <c>code</c>, <c>detail</c>) the HTTP API answers.
/// </summary>
public static class ElementTools
{
    /// <summary>The MCP endpoint's path.</summary>
    public const string Path = "/mcp";

    /// <summary>Registers the MCP server with the element tools.</summary>
    public static IServiceCollection AddJitMcp(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddMcpServer(options => options.ServerInfo = new Implementation { Name = "JitRuntime", Version = typeof(ElementTools).Assembly.GetName().Version?.ToString() ?? "0" })
            .WithHttpTransport(transport => transport.Stateless = true)
            .WithListToolsHandler((request, cancellationToken) => ValueTask.FromResult(ListTools(request.Services!)))
            .WithCallToolHandler(CallToolAsync);
        return services;
    }

    /// <summary>Maps <see cref="Path"/>.</summary>
    public static IEndpointRouteBuilder MapJitMcp(this IEndpointRouteBuilder endpoints)
    {
        // Tools reach the same functions as the element routes: the same per-client limit applies to MCP requests.
        endpoints.MapMcp(Path).RequireRateLimiting(ElementEndpoints.CallPolicy).ExcludeFromDescription().Add(McpTextGuard.Wrap);
        return endpoints;
    }

    /// <summary>The callable functions offered to agents as tools: those of elements that are not private to the app.</summary>
    private static bool OffersTool(CallableFunction callable) => callable.Element.Access != ElementAccess.Private;

    private static ListToolsResult ListTools(IServiceProvider services)
    {
        var sessionSource = services.GetRequiredService<ElementDispatcher>().SessionSource;
        return new()
        {
            Tools = ElementDispatcher.Callable(services.GetRequiredService<JitAppHolder>().Current).Where(OffersTool).Select(t => new Tool
            {
            Name = $"{t.Element.FullName}.{t.Function.Name}",
            Title = t.Function.Title,
            Description = $"{t.Element.Title ?? t.Element.FullName}: {t.Function.Title}." +
                (t.Function.LoginRequired ? $" Requires login: send 'Authorization: Bearer <token>'{(sessionSource is null ? "" : $" (from {sessionSource})")} with the MCP request." : ""),
            InputSchema = JsonSerializer.SerializeToElement(FunctionJsonSchema.Arguments(t.Function)),
            OutputSchema = OutputSchema(t.Function),
            }).ToList(),
        };
    }

    /// <summary>MCP's output schema, which must describe an object: the result's schema when the function answers one.</summary>
    private static JsonElement? OutputSchema(ElementFunction function)
    {
        var schema = FunctionJsonSchema.Result(function);
        return schema["type"]?.GetValue<string>() == "object" ? JsonSerializer.SerializeToElement(schema) : null;
    }

    private static async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var services = request.Services!;
        var app = services.GetRequiredService<JitAppHolder>().Current;
        var name = request.Params?.Name ?? "";
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || ElementDispatcher.FindCallable(app, name[..dot], name[(dot + 1)..]) is not { } tool || !OffersTool(tool))
        {
            throw new McpProtocolException($"unknown tool '{JitRuntime.Elements.ElementName.ForDisplay(name)}'; tools/list names them", McpErrorCode.InvalidParams);
        }

        var http = services.GetRequiredService<IHttpContextAccessor>().HttpContext;
        var caller = http is null ? ElementCaller.Remote(null) : HttpCaller.From(http);
        // Text that is not valid Unicode never gets here: McpTextGuard refuses it before the SDK reads the request.
        var arguments = JsonSerializer.SerializeToElement(request.Params?.Arguments ?? new Dictionary<string, JsonElement>());
        try
        {
            var result = await services.GetRequiredService<ElementDispatcher>().InvokeAsync(app, tool.Element.FullName, tool.Function.Name, arguments, caller, cancellationToken).ConfigureAwait(false);
            var json = JsonSerializer.SerializeToElement(result, ElementJson.TextOptions);
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = json.GetRawText() }],
                StructuredContent = json.ValueKind == JsonValueKind.Object ? json : null,
            };
        }
        catch (Exception ex) when (ElementProblems.From(ex) is { } problem)
        {
            return ToolError(problem);
        }
    }

    /// <summary>A refused call as MCP answers it: a tool error whose text is the problem the HTTP API answers.</summary>
    internal static CallToolResult ToolError(ElementProblem problem) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = JsonSerializer.Serialize(ElementProblems.ToBody(problem), ElementJson.TextOptions) }],
    };
}
