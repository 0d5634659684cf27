using JitRuntime.Calls;
using Microsoft.AspNetCore.Http;

namespace JitRuntime.Host.HttpApi;

/// <summary>The caller of an HTTP request (element API or MCP): its bearer token and client address.</summary>
public static class HttpCaller
{
    /// <summary>A remote caller with the request's <c>Authorization: Bearer</c> token (if any) and the client's address.</summary>
    public static ElementCaller From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ElementCaller.Remote(BearerToken(context.Request), context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString());
    }

    /// <summary>The token of an <c>Authorization: Bearer ...</c> header, or null.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > "Bearer ".Length ? header["Bearer ".Length..].Trim() : null;
    }
}
