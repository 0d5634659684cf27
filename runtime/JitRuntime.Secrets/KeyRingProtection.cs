using JitRuntime.Databases;
using JitRuntime.Diagnostics;
using Microsoft.Extensions.Options;

namespace JitRuntime.Secrets;

/// <summary>
/// The rule for the Data Protection key ring at rest: with a certificate, every key is encrypted before it reaches
/// the database. Without one, an embedded single-node database may keep plain keys (with a warning); a database that
/// several nodes share may not, unless <see cref="KeyRingProtectionOptions.AllowPlainKeys"/> says so explicitly.
/// </summary>
internal sealed class KeyRingProtection(KeyRingCertificates certificates, IOptions<KeyRingProtectionOptions> options, AppDatabase database)
{
    /// <summary>What to configure, said in every refusal and warning.</summary>
    public const string Advice =
        "set DataProtection:Certificate:Path (a PFX or PEM with its private key, not stored in the database) and DataProtection:Certificate:Password (${NAME}), the same on every node";

    /// <summary>True when keys are encrypted with a certificate before they are stored.</summary>
    public bool IsProtected => certificates.Current is not null;

    /// <summary>
    /// Null when the key ring may be used as configured; otherwise why not. Loads the certificates, so a certificate
    /// that cannot be read is reported here too.
    /// </summary>
    /// <exception cref="JitRuntimeException">A configured certificate cannot be loaded.</exception>
    public string? Refusal()
    {
        if (IsProtected || options.Value.AllowPlainKeys)
        {
            return null;
        }

        var current = database.Current;
        return current.SharedByNodes
            ? $"the app's database {current.FullName} ({current.Location}) is shared by nodes, and its Data Protection key ring would be stored " +
              $"unencrypted beside the session keys it protects, so a copy of the database would reveal them: {Advice}, " +
              $"or set DataProtection:AllowPlainKeys to true to accept that"
            : null;
    }
}
