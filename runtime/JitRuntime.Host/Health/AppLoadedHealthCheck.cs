using JitRuntime.Host.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JitRuntime.Host.Health;

/// <summary>
/// Ready once the app is loaded. Broken elements do not make the node unready: the others serve, and a broken one
/// answers its own calls with <c>element_broken</c>.
/// </summary>
internal sealed class AppLoadedHealthCheck(JitAppHolder holder) : IHealthCheck
{
    public const string Name = "app";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(holder.IsLoaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the app is still loading"));
}
