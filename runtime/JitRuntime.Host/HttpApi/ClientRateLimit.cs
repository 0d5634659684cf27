using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using JitRuntime.Host.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// The per-client limit on element calls: a fixed window per client address (the forwarded client behind a known
/// proxy). A refusal is 429 <c>rate_limited</c> with <c>Retry-After</c> set to the time until that client's window resets.
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
            limiter.AddPolicy(ElementEndpoints.CallPolicy, context => RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), client =>
            {
                windowStarts[client] = Stopwatch.GetTimestamp();
                return new FixedWindowRateLimiterOptions { PermitLimit = options.PermitLimit, Window = options.Window, QueueLimit = 0 };
            }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var elapsed = windowStarts.TryGetValue(ClientOf(rejected.HttpContext), out var start) ? Stopwatch.GetElapsedTime(start) : TimeSpan.Zero;
                var untilReset = options.Window - TimeSpan.FromTicks(elapsed.Ticks % options.Window.Ticks);
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(untilReset.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ElementProblems.ToResult(new(StatusCodes.Status429TooManyRequests, "rate_limited",
                    $"at most {options.PermitLimit} calls per {options.Window.TotalSeconds} s per client; retry after {response.Headers.RetryAfter} s", null))
                    .ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
        });
    }

    private static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
