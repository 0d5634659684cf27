using JitRuntime.Composition;
using Microsoft.AspNetCore.DataProtection;

namespace JitRuntime.Secrets;

/// <summary>
/// Ready when the Data Protection key ring can be read and used: session keys are encrypted with it. A round trip
/// through a protector of its own purpose, so it touches no stored payload.
/// </summary>
internal sealed class KeyRingReadinessCheck(IDataProtectionProvider provider) : IReadinessCheck
{
    private static readonly byte[] Probe = [0x4A, 0x49, 0x54];

    public string Name => "key_ring";

    public Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var protector = provider.CreateProtector("JitRuntime.Health");
            return Task.FromResult(protector.Unprotect(protector.Protect(Probe)).AsSpan().SequenceEqual(Probe) ? null : "key_store_unavailable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult<string?>(ex is JitRuntime.Calls.ElementCallException call ? call.Code : "key_store_unavailable");
        }
    }
}
