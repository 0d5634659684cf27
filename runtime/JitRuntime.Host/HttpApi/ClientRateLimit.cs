using System.Collections.Concurrent;
using System.Diagnostics;
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
/// address (the forwarded client behind a known proxy) for functions anyone may call, per session token for those that
/// need a session (users behind one address do not share a budget), none for those that say so. A call naming no
/// known function counts per client. A refusal is 429 <c>rate_limited</c> with <c>Retry-After</c> set to the time until
/// that window resets.
/// </summary>
internal static class ClientRateLimit
{
    /// <summary>Adds the limiter policy <see cref="ElementEndpoints.CallPolicy"/>.</summary>
    public static IServiceCollection AddClientRateLimit(this IServiceCollection services, JitHostOptions.RateLimitOptions options)
    {
        // When each client's window started: the limiter's lease only ever says the full window length.
        var windowStarts = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ElementEndpoints.CallPolicy, context => PartitionOf(context) is not { } partition
                ? RateLimitPartition.GetNoLimiter("none")
                : RateLimitPartition.GetFixedWindowLimiter(partition, key =>
                {
                    windowStarts[key] = Stopwatch.GetTimestamp();
                    return new FixedWindowRateLimiterOptions { PermitLimit = options.PermitLimit, Window = options.Window, QueueLimit = 0 };
                }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var elapsed = windowStarts.TryGetValue(PartitionOf(rejected.HttpContext) ?? "", out var start) ? Stopwatch.GetElapsedTime(start) : TimeSpan.Zero;
                var untilReset = options.Window - TimeSpan.FromTicks(elapsed.Ticks % options.Window.Ticks);
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(untilReset.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ElementProblems.ToResult(new(StatusCodes.Status429TooManyRequests, "rate_limited",
                    $"at most {options.PermitLimit} calls per {options.Window.TotalSeconds} s per client (per session for functions that need one); retry after {response.Headers.RetryAfter} s", null))
                    .ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
        });
    }

    /// <summary>The window a call counts in, or null when its function is not limited.</summary>
    private static string? PartitionOf(HttpContext context)
    {
        var client = "client:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        var app = context.RequestServices.GetRequiredService<JitAppHolder>().Current;
        if (CallTarget.Of(context, app) is not { } target || app.FindElement(target.FullName)?.FindFunction(target.Function) is not { } function)
        {
            return client;
        }

        return function.RateLimit switch
        {
            ElementRateLimit.None => null,
            ElementRateLimit.PerSession when BearerTokenHash(context) is { } session => "session:" + session,
            _ => client,
        };
    }

    /// <summary>A hash of the bearer token: the limiter keeps its keys in memory, and a token is a secret.</summary>
    private static string? BearerTokenHash(HttpContext context) => HttpCaller.BearerToken(context.Request) is { } token
        ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))
        : null;
}
