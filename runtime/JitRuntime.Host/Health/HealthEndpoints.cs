using System.Text.Json;
using JitRuntime.Calls;
using JitRuntime.Composition;
using JitRuntime.Elements;
using JitRuntime.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JitRuntime.Host.Health;

/// <summary>
/// ASP.NET Core health checks: <c>/health/live</c> (the process serves; no check runs), <c>/health/ready</c> (the app is
/// loaded, and every family's readiness check passes: the default database answers, the key ring is usable) and <c>/health</c>, today's route, an alias of ready.
/// A failing check answers 503 naming the check and its code, never an exception message.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The tag of the checks that make a node ready.</summary>
    public const string ReadyTag = "ready";

    /// <summary>How long one family's readiness check may take before it counts as failed.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Registers the readiness checks: the app is loaded, then every family's <see cref="IReadinessCheck"/> in the order the families registered them.</summary>
    public static IServiceCollection AddJitHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<AppLoadedHealthCheck>(AppLoadedHealthCheck.Name, tags: [ReadyTag]);
        services.AddOptions<HealthCheckServiceOptions>().Configure<IEnumerable<IReadinessCheck>>((options, checks) =>
        {
            foreach (var check in checks)
            {
                options.Registrations.Add(new HealthCheckRegistration(check.Name, _ => new ReadinessHealthCheck(check), HealthStatus.Unhealthy, [ReadyTag], CheckTimeout));
            }
        });
        return services;
    }

    /// <summary>Maps <c>/health/live</c>, <c>/health/ready</c> and <c>/health</c>.</summary>
    public static IEndpointRouteBuilder MapJitHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteLiveAsync });
        var ready = new HealthCheckOptions { Predicate = registration => registration.Tags.Contains(ReadyTag), ResponseWriter = WriteReadyAsync };
        endpoints.MapHealthChecks("/health/ready", ready);
        endpoints.MapHealthChecks("/health", ready);
        return endpoints;
    }

    private static Task WriteLiveAsync(HttpContext context, HealthReport report) =>
        WriteAsync(context, new { status = "ok" });

    private static Task WriteReadyAsync(HttpContext context, HealthReport report)
    {
        var checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status == HealthStatus.Healthy ? "healthy" : e.Value.Description ?? "unhealthy");
        if (report.Status == HealthStatus.Healthy)
        {
            var app = context.RequestServices.GetRequiredService<JitAppHolder>().Current;
            return WriteAsync(context, new
            {
                status = "ok",
                app = app.Manifest?.Name,
                ready = app.Elements.Count(e => e.Status == ElementStatus.Ready),
                broken = app.Elements.Count(e => e.Status == ElementStatus.Broken),
                checks,
            });
        }

        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        return WriteAsync(context, new { status = failing.Contains(AppLoadedHealthCheck.Name) ? "loading" : "unavailable", failing, checks });
    }

    private static Task WriteAsync<T>(HttpContext context, T body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, ElementJson.Options, context.RequestAborted);
    }
}
