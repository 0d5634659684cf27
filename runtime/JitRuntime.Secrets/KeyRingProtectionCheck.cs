using JitRuntime.Apps;
using JitRuntime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Secrets;

/// <summary>
/// Before a host serves: loads the key-ring certificates and applies <see cref="KeyRingProtection"/>. A shared database
/// without a certificate stops the start with the reason; an embedded one without a certificate gets one warning line.
/// </summary>
internal sealed partial class KeyRingProtectionCheck(KeyRingProtection protection, ILogger<KeyRingProtectionCheck> logger) : IAppStartCheck
{
    /// <inheritdoc />
    public Task CheckAsync(CancellationToken cancellationToken)
    {
        if (protection.Refusal() is { } refusal)
        {
            throw new JitRuntimeException("refusing to start: " + refusal);
        }

        if (!protection.IsProtected)
        {
            LogPlain(KeyRingProtection.Advice);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 231, Level = LogLevel.Warning,
        Message = "The Data Protection key ring is stored unencrypted in the app's database (acceptable for one machine; a copy of the database then reveals the session keys): {Advice}")]
    private partial void LogPlain(string advice);
}
