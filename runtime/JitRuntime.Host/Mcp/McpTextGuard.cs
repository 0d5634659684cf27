using System.Text.Json;
using System.Text.Json.Nodes;
using JitRuntime.Calls;
using JitRuntime.Host.HttpApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol;

namespace JitRuntime.Host.Mcp;

/// <summary>
/// Refuses MCP requests whose text is not valid Unicode (a lone surrogate escape, bytes that are not UTF-8) before the
/// MCP SDK reads them: the SDK fails on such text with an internal error (-32603) and logs a stack trace. A
/// <c>tools/call</c> whose arguments hold it answers the tool error the dispatch gives on every surface (400
/// <c>invalid_arguments</c> naming the argument); invalid text anywhere else in the message is JSON-RPC's invalid params
/// (-32602). Runs as part of the <c>/mcp</c> endpoint, so after its rate limit.
/// </summary>
internal static class McpTextGuard
{
    /// <summary>Wraps an MCP endpoint's request delegate with the check.</summary>
    public static void Wrap(EndpointBuilder endpoint)
    {
        var inner = endpoint.RequestDelegate ?? throw new InvalidOperationException("the MCP endpoint has no request delegate");
        endpoint.RequestDelegate = context => CheckAsync(context, inner);
    }

    private static async Task CheckAsync(HttpContext context, RequestDelegate inner)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await inner(context).ConfigureAwait(false);
            return;
        }

        context.Request.EnableBuffering();
        JsonNode? refusal;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 64 }, context.RequestAborted)
                .ConfigureAwait(false);
            refusal = Refusal(document.RootElement);
        }
        catch (JsonException)
        {
            refusal = null; // Not JSON: the SDK answers JSON-RPC's parse error.
        }
        catch (BadHttpRequestException ex)
        {
            context.Response.StatusCode = ex.StatusCode; // Too large, truncated, too slow: as for any other body.
            return;
        }

        if (refusal is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(refusal.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Request.Body.Position = 0;
        await inner(context).ConfigureAwait(false);
    }

    /// <summary>The JSON-RPC answer for a message holding invalid text, or null when all of its text is valid.</summary>
    private static JsonObject? Refusal(JsonElement message)
    {
        if (UnicodeArguments.IsValid(message))
        {
            return null;
        }

        var id = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("id", out var given) && UnicodeArguments.IsValid(given)
            ? JsonNode.Parse(given.GetRawText())
            : null;
        var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id };
        if (IsToolCall(message, out var arguments) && ArgumentsProblem(arguments) is { } problem)
        {
            answer["result"] = JsonSerializer.SerializeToNode(ElementTools.ToolError(problem), McpJsonUtilities.DefaultOptions);
        }
        else
        {
            answer["error"] = new JsonObject
            {
                ["code"] = (int)McpErrorCode.InvalidParams,
                ["message"] = "the request holds text that is not valid Unicode (a lone surrogate escape such as \\ud800, or bytes that are not UTF-8)",
            };
        }

        return answer;
    }

    private static bool IsToolCall(JsonElement message, out JsonElement arguments)
    {
        arguments = default;
        return message.ValueKind == JsonValueKind.Object
            && message.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String && method.ValueEquals("tools/call")
            && message.TryGetProperty("params", out var parameters) && parameters.ValueKind == JsonValueKind.Object
            && parameters.TryGetProperty("arguments", out arguments) && arguments.ValueKind == JsonValueKind.Object;
    }

    /// <summary>The dispatch's own refusal of the arguments (the same words as over HTTP), or null when they are valid.</summary>
    private static ElementProblem? ArgumentsProblem(JsonElement arguments)
    {
        try
        {
            UnicodeArguments.EnsureValid(arguments);
            return null;
        }
        catch (ElementCallException refused)
        {
            return ElementProblems.From(refused);
        }
    }
}
