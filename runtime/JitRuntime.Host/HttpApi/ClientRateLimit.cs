using System.Globalization;
using System.Threading.RateLimiting;
using JitRuntime.Calls;
using JitRuntime.Host.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// The limit on element calls, as each function declares it (<see cref="ElementRateLimit"/>): a fixed window per client
/// address (the forwarded client behind a known proxy) for functions anyone may call, per session for those that need a
/// session (users behind one address do not share a budget), none for those that say so. Only a token this node has
/// seen accepted as a live session (<see cref="LiveSessionTokens"/>) has a window of its own; any other token counts in
/// one window per address for unproven tokens, so invented tokens meet 429 like anything else from that address (and a
/// new session's first call counts there, not in the address's spent login window). A call naming no known function
/// counts per client. A refusal is 429 <c>rate_limited</c> with <c>Retry-After</c> set to the time until that window
/// resets. Memory is bounded whatever the keys: idle partitions are dropped by the limiter, their window starts by
/// <see cref="RateLimitWindows"/>.
/// </summary>
internal static class ClientRateLimit
{
    /// <summary>Adds the limiter policy <see cref="ElementEndpoints.CallPolicy"/> and the live-token observer it reads.</summary>
    public static IServiceCollection AddClientRateLimit(this IServiceCollection services, JitHostOptions.RateLimitOptions options)
    {
        services.AddSingleton(new LiveSessionTokens());
        services.AddSingleton<IElementCallObserver>(provider => provider.GetRequiredService<LiveSessionTokens>());
        var windows = new RateLimitWindows(options.Window);
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ElementEndpoints.CallPolicy, context => PartitionOf(context) is not { } key
                ? RateLimitPartition.GetNoLimiter("none")
                : Partition(key, options, windows));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var untilReset = windows.UntilReset(PartitionOf(rejected.HttpContext) ?? "");
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(untilReset.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ElementProblems.ToResult(new(StatusCodes.Status429TooManyRequests, "rate_limited",
                    $"at most {options.PermitLimit} calls per {options.Window.TotalSeconds} s per client (per session for functions that need one); retry after {response.Headers.RetryAfter} s", null))
                    .ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
        });
    }

    /// <summary>The fixed-window partition for <paramref name="key"/>; its window start is remembered in <paramref name="windows"/>.</summary>
    public static RateLimitPartition<string> Partition(string key, JitHostOptions.RateLimitOptions options, RateLimitWindows windows)
    {
        windows.Used(key);
        return RateLimitPartition.GetFixedWindowLimiter(key, partition =>
        {
            windows.Started(partition);
            return new FixedWindowRateLimiterOptions { PermitLimit = options.PermitLimit, Window = options.Window, QueueLimit = 0 };
        });
    }

    /// <summary>The window a call counts in, or null when its function is not limited.</summary>
    private static string? PartitionOf(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var app = context.RequestServices.GetRequiredService<JitAppHolder>().Current;
        if (CallTarget.Of(context, app) is not { } target || app.FindElement(target.FullName)?.FindFunction(target.Function) is not { } function)
        {
            return "client:" + address;
        }

        return function.RateLimit switch
        {
            ElementRateLimit.None => null,
            ElementRateLimit.PerSession when HttpCaller.BearerToken(context.Request) is { } token => SessionPartition(context, token, address),
            _ => "client:" + address,
        };
    }

    /// <summary>A live session's own window; any other token's, the address's window for unproven tokens.</summary>
    private static string SessionPartition(HttpContext context, string token, string address)
    {
        var hash = LiveSessionTokens.Hash(token);
        return context.RequestServices.GetRequiredService<LiveSessionTokens>().IsLive(hash) ? "session:" + hash : "unproven:" + address;
    }
}
