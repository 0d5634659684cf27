using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JitRuntime.Host.Health;

/// <summary>
/// Ready when the Data Protection key ring can be read and used: session keys are encrypted with it. A round trip
/// through a protector of its own purpose, so it touches no stored payload.
/// </summary>
internal sealed class KeyRingHealthCheck(IDataProtectionProvider provider) : IHealthCheck
{
    public const string Name = "key_ring";

    private static readonly byte[] Probe = [0x4A, 0x49, 0x54];

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var protector = provider.CreateProtector("JitRuntime.Health");
            return Task.FromResult(protector.Unprotect(protector.Protect(Probe)).AsSpan().SequenceEqual(Probe)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("key_store_unavailable"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ex is JitRuntime.Calls.ElementCallException call ? call.Code : "key_store_unavailable"));
        }
    }
}
