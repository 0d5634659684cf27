using JitRuntime.Composition;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JitRuntime.Host.Health;

/// <summary>A family's <see cref="IReadinessCheck"/> as an ASP.NET Core health check: unhealthy with the check's code, never an exception.</summary>
internal sealed class ReadinessHealthCheck(IReadinessCheck check) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await check.CheckAsync(cancellationToken).ConfigureAwait(false) is { } code ? HealthCheckResult.Unhealthy(code) : HealthCheckResult.Healthy();
}
