using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// Every failure of an element call as <c>application/problem+json</c> with a stable <c>code</c> and a human
/// <c>detail</c>: 4xx for the caller's mistakes, 502/503/504 for upstream services and storage, never a stack trace or
/// a secret. A family's own members (WeChat's <c>errcode</c>) come from <see cref="ElementCallException.Extensions"/>:
/// the host knows no family.
/// </summary>
public static class ElementProblems
{
    /// <summary>The HTTP status for an error kind.</summary>
    public static int StatusOf(ElementErrorKind kind) => kind switch
    {
        ElementErrorKind.InvalidArgument => StatusCodes.Status400BadRequest,
        ElementErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ElementErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ElementErrorKind.NotFound => StatusCodes.Status404NotFound,
        ElementErrorKind.Conflict => StatusCodes.Status409Conflict,
        ElementErrorKind.Expired => StatusCodes.Status410Gone,
        ElementErrorKind.Refused => StatusCodes.Status422UnprocessableEntity,
        ElementErrorKind.Throttled => StatusCodes.Status429TooManyRequests,
        ElementErrorKind.UpstreamError => StatusCodes.Status502BadGateway,
        ElementErrorKind.UpstreamUnavailable => StatusCodes.Status503ServiceUnavailable,
        ElementErrorKind.UpstreamTimeout => StatusCodes.Status504GatewayTimeout,
        ElementErrorKind.StorageUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The problem for an exception an element call threw; null for an unexpected one (the caller logs it and answers 500).</summary>
    public static ElementProblem? From(Exception exception) => exception switch
    {
        ElementCallException call => new(StatusOf(call.Kind), call.Code, call.Message, call.Extensions) { RetryAfter = call.RetryAfter },
        ElementNotFoundException notFound => new(StatusCodes.Status404NotFound, "element_not_found", notFound.Message, null),
        BrokenElementException broken => new(StatusCodes.Status503ServiceUnavailable, "element_broken",
            $"element '{broken.FullName}' is broken; its diagnostics are in the server log", null),
        JitRuntimeException unavailable => new(StatusCodes.Status503ServiceUnavailable, "element_unavailable",
            "the element could not be created; see the server log", null),
        _ => null,
    };

    /// <summary>Writes <paramref name="problem"/> as the response.</summary>
    public static IResult ToResult(ElementProblem problem) => Results.Problem(
        detail: problem.Detail,
        statusCode: problem.Status,
        title: problem.Code,
        extensions: ExtensionsOf(problem));

    /// <summary>
    /// The problem as one JSON object for answers that are not problem+json responses (<c>jit call</c>'s standard error,
    /// MCP tool errors): <c>status</c>, <c>detail</c>, <c>code</c> and the error's extensions.
    /// </summary>
    public static Dictionary<string, object?> ToBody(ElementProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var body = new Dictionary<string, object?>(StringComparer.Ordinal) { ["status"] = problem.Status, ["detail"] = problem.Detail };
        if (problem.RetryAfterSeconds is { } seconds)
        {
            body["retryAfter"] = int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in ExtensionsOf(problem))
        {
            body.TryAdd(name, value);
        }

        return body;
    }

    /// <summary><c>code</c>, then the error's own extensions (which cannot replace <c>code</c>).</summary>
    public static Dictionary<string, object?> ExtensionsOf(ElementProblem problem)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { ["code"] = problem.Code };
        foreach (var (name, value) in problem.Extensions ?? new Dictionary<string, object?>())
        {
            extensions.TryAdd(name, value);
        }

        return extensions;
    }
}

/// <summary>One failure, as the HTTP API and <c>jit call</c> report it.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The stable machine-readable code.</param>
/// <param name="Detail">What went wrong, for people.</param>
/// <param name="Extensions">More members from the error (<see cref="ElementCallException.Extensions"/>), or null.</param>
public sealed record ElementProblem(int Status, string Code, string Detail, IReadOnlyDictionary<string, object?>? Extensions)
{
    /// <summary>When the call may succeed again (<see cref="ElementCallException.RetryAfter"/>): the <c>Retry-After</c> header, in whole seconds.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary><see cref="RetryAfter"/> as <c>Retry-After</c> sends it: whole seconds, at least 1; null when not set.</summary>
    public string? RetryAfterSeconds => RetryAfter is { } wait
        ? Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : null;
}
