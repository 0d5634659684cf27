using JitRuntime.Auths.WeChat;
using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// Every failure of an element call as <c>application/problem+json</c> with a stable <c>code</c> and a human
/// <c>detail</c>: 4xx for the caller's mistakes, 502/503/504 for WeChat, never a stack trace or a secret.
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
        ElementErrorKind.UpstreamError => StatusCodes.Status502BadGateway,
        ElementErrorKind.UpstreamUnavailable => StatusCodes.Status503ServiceUnavailable,
        ElementErrorKind.UpstreamTimeout => StatusCodes.Status504GatewayTimeout,
        ElementErrorKind.StorageUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The problem for an exception an element call threw; null for an unexpected one (the caller logs it and answers 500).</summary>
    public static ElementProblem? From(Exception exception) => exception switch
    {
        WeChatException weChat => new(StatusOf(weChat.Kind), weChat.Code, weChat.Message, weChat.ErrCode),
        ElementCallException call => new(StatusOf(call.Kind), call.Code, call.Message, null),
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
        extensions: problem.ErrCode is { } errCode
            ? new Dictionary<string, object?> { ["code"] = problem.Code, ["errcode"] = errCode }
            : new Dictionary<string, object?> { ["code"] = problem.Code });
}

/// <summary>One failure, as the HTTP API and <c>jit call</c> report it.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The stable machine-readable code.</param>
/// <param name="Detail">What went wrong, for people.</param>
/// <param name="ErrCode">WeChat's errcode, when WeChat answered one.</param>
public sealed record ElementProblem(int Status, string Code, string Detail, int? ErrCode);
