using JitRuntime.Apps;
using Microsoft.AspNetCore.Http;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// The element and function a call request names, from either route: <c>/api/elements/{fullName}/{function}</c> or
/// JitAi's <c>/api/{orgId}/{appName}/{element/path}/{function}</c>, whose org and app must be the served app's.
/// </summary>
internal readonly record struct CallTarget(string FullName, string Function)
{
    /// <summary>The most path segments a JitAi path may have (an element path is at most this deep).</summary>
    private const int MaxSegments = 64;

    /// <summary>The target of the current request, or null when the route names none (or another app).</summary>
    public static CallTarget? Of(HttpContext context, JitApp app)
    {
        var values = context.Request.RouteValues;
        if (values.TryGetValue("fullName", out var fullName) && values.TryGetValue("function", out var function))
        {
            return new CallTarget((string)fullName!, (string)function!);
        }

        if (values.TryGetValue("orgId", out var orgId) && values.TryGetValue("appName", out var appName) && values.TryGetValue("path", out var path))
        {
            return FromJitAiPath((string)orgId!, (string)appName!, (string?)path, app);
        }

        return null;
    }

    /// <summary>JitAi's path: the element's folders with slashes, then the function; null when the org or app is another one.</summary>
    public static CallTarget? FromJitAiPath(string orgId, string appName, string? path, JitApp app)
    {
        if (app.Manifest is not { } manifest || orgId != manifest.OrgId || appName != manifest.Name || string.IsNullOrEmpty(path))
        {
            return null;
        }

        var segments = path.Split('/', MaxSegments + 1);
        if (segments.Length < 2 || segments.Length > MaxSegments || Array.Exists(segments, s => s.Length == 0))
        {
            return null;
        }

        return new CallTarget(string.Join('.', segments[..^1]), segments[^1]);
    }
}
