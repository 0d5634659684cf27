using System.Text.Json;
using JitRuntime.Calls;
using JitRuntime.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// The HTTP API: <c>POST /api/elements/{fullName}/{function}</c>, the same call at JitAi's
/// <c>POST /api/{orgId}/{appName}/{element/path}/{function}</c>, and <c>GET /api/elements</c> (health:
/// <see cref="Health.HealthEndpoints"/>).
/// </summary>
public static partial class ElementEndpoints
{
    /// <summary>The rate-limiter policy applied to element method calls.</summary>
    public const string CallPolicy = "element-calls";

    /// <summary>Maps the routes.</summary>
    public static IEndpointRouteBuilder MapElementApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/elements/{fullName}/{function}", CallAsync).RequireRateLimiting(CallPolicy).ExcludeFromDescription();
        endpoints.MapPost("/api/{orgId}/{appName}/{**path}", CallAsync).RequireRateLimiting(CallPolicy).ExcludeFromDescription();
        endpoints.MapGet("/api/elements", List).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> CallAsync(HttpContext context, JitAppHolder holder, ElementDispatcher dispatcher, ILoggerFactory loggers)
    {
        var app = holder.Current;
        if (CallTarget.Of(context, app) is not { } target)
        {
            return ElementProblems.ToResult(new(StatusCodes.Status404NotFound, "app_not_found",
                $"this host serves app '{app.Manifest?.Name}' of organization '{app.Manifest?.OrgId}': call /api/{app.Manifest?.OrgId}/{app.Manifest?.Name}/<element/path>/<function>",
                null));
        }

        var (fullName, method) = target;
        if (HasBody(context.Request) && !IsJson(context.Request.ContentType))
        {
            return ElementProblems.ToResult(new(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "send the arguments as JSON with 'Content-Type: application/json'", null));
        }

        JsonElement arguments;
        try
        {
            arguments = await ReadArgumentsAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ElementProblems.ToResult(new(StatusCodes.Status413PayloadTooLarge, "body_too_large", "the request body is larger than the host accepts", null));
        }
        catch (BadHttpRequestException ex)
        {
            // A truncated body, a bad chunk, a body slower than the minimum data rate: the client's fault, one line each.
            var logger = loggers.CreateLogger(typeof(ElementEndpoints).FullName!);
            LogBadBody(logger, context.Connection.RemoteIpAddress, ex.StatusCode, ex.Message);
            return ex.StatusCode == StatusCodes.Status408RequestTimeout
                ? ElementProblems.ToResult(new(StatusCodes.Status408RequestTimeout, "body_too_slow", "the request body arrived too slowly", null))
                : ElementProblems.ToResult(new(StatusCodes.Status400BadRequest, "invalid_body", "the request body could not be read (truncated or badly framed)", null));
        }
        catch (JsonException)
        {
            return ElementProblems.ToResult(new(StatusCodes.Status400BadRequest, "invalid_json",
                "the body must be a JSON object of named arguments, such as {\"code\": \"...\"}", null));
        }

        try
        {
            var caller = HttpCaller.From(context);
            var result = await dispatcher.InvokeAsync(app, fullName, method, arguments, caller, context.RequestAborted).ConfigureAwait(false);
            return Results.Json(result, ElementJson.Options);
        }
        catch (Exception ex) when (ElementProblems.From(ex) is { } problem)
        {
            if (problem.Code == "invalid_arguments")
            {
                // A client sending what no function takes (text that is not Unicode, a string for an integer): one line, no trace.
                var logger = loggers.CreateLogger(typeof(ElementEndpoints).FullName!);
                LogInvalidArguments(logger, context.Connection.RemoteIpAddress, fullName, method, problem.Detail);
            }

            if (problem.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds;
            }

            return ElementProblems.ToResult(problem);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogUnexpected(loggers.CreateLogger(typeof(ElementEndpoints).FullName!), fullName, method, ex);
            return ElementProblems.ToResult(new(StatusCodes.Status500InternalServerError, "internal_error",
                "an unexpected error happened; it is in the server log", null));
        }
    }

    private static bool HasBody(HttpRequest request) => request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static async Task<JsonElement> ReadArgumentsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength == 0)
        {
            return default;
        }

        using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 32 }, cancellationToken).ConfigureAwait(false);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("not an object");
        }

        return document.RootElement.Clone();
    }

    private static IResult List(JitAppHolder holder)
    {
        var app = holder.Current;
        return Results.Json(app.Elements.Select(e => ElementListing.Of(e, app.ServingLastGood.Contains(e.FullName))), ElementJson.Options);
    }

    [LoggerMessage(EventId = 423, Level = LogLevel.Information, Message = "Unreadable request body from {Client}: {Status} {Reason}")]
    private static partial void LogBadBody(ILogger logger, System.Net.IPAddress? client, int status, string reason);

    [LoggerMessage(EventId = 424, Level = LogLevel.Information, Message = "Invalid arguments from {Client} for {Element}.{Method}: {Detail}")]
    private static partial void LogInvalidArguments(ILogger logger, System.Net.IPAddress? client, string element, string method, string detail);

    [LoggerMessage(EventId = 420, Level = LogLevel.Error, Message = "Unexpected failure calling {Element}.{Method}")]
    private static partial void LogUnexpected(ILogger logger, string element, string method, Exception exception);
}
