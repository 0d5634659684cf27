using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using JitRuntime.Diagnostics;
using JitRuntime.Storage;
using Microsoft.Extensions.Options;

namespace JitRuntime.Secrets;

/// <summary>
/// The certificates of <see cref="KeyRingProtectionOptions"/>, loaded once on first use (not at registration, so that
/// verbs that never touch the key ring, such as <c>jit validate</c>, do not need the files).
/// </summary>
/// <remarks>
/// Data Protection takes its decryption certificates as an array at registration
/// (<c>UnprotectKeysWithAnyCertificate</c>) and reads it only when it first decrypts a key, after it has read
/// <c>KeyManagementOptions</c>, whose setup loads these certificates. So registration hands Data Protection an array
/// of the configured length (<see cref="DecryptionSlots"/>), and loading fills it.
/// </remarks>
internal sealed class KeyRingCertificates : IDisposable
{
    private readonly Lazy<(X509Certificate2? Current, IReadOnlyList<X509Certificate2> All)> _loaded;

    /// <summary>Reads the options; loads nothing yet.</summary>
    public KeyRingCertificates(IOptions<KeyRingProtectionOptions> options, IOptions<AppDirectoryOptions> app, DecryptionSlots slots)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(app);
        _loaded = new(() =>
        {
            var current = options.Value.Certificate is { Path: { Length: > 0 } } file
                ? Load(file, $"{KeyRingProtectionOptions.SectionName}:Certificate", app.Value.AppDirectory)
                : null;
            var previous = options.Value.PreviousCertificates
                .Select((file, i) => Load(file, $"{KeyRingProtectionOptions.SectionName}:PreviousCertificates:{i}", app.Value.AppDirectory));
            var all = (current is null ? previous : previous.Prepend(current)).ToList();
            if (all.Count != slots.Certificates.Length)
            {
                throw new JitRuntimeException($"{all.Count} key-ring certificates are configured now but {slots.Certificates.Length} were at start; restart the host");
            }

            all.CopyTo(slots.Certificates);
            return (current, all);
        });
    }

    /// <summary>How many certificates the configuration names: the length of the array Data Protection decrypts with.</summary>
    public static int ConfiguredCount(Microsoft.Extensions.Configuration.IConfiguration? configuration) => configuration is null ? 0
        : (configuration[$"{KeyRingProtectionOptions.SectionName}:Certificate:Path"] is { Length: > 0 } ? 1 : 0)
          + configuration.GetSection($"{KeyRingProtectionOptions.SectionName}:PreviousCertificates").GetChildren().Count();

    /// <summary>The certificate new keys are encrypted with, or null when none is configured.</summary>
    /// <exception cref="JitRuntimeException">A configured certificate cannot be loaded (the message says which and why).</exception>
    public X509Certificate2? Current => _loaded.Value.Current;

    /// <summary>Every certificate that may decrypt stored keys: the current one, then earlier rotations.</summary>
    public IReadOnlyList<X509Certificate2> All => _loaded.Value.All;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            foreach (var certificate in _loaded.Value.All)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>The array registered with Data Protection's <c>UnprotectKeysWithAnyCertificate</c>, filled on load.</summary>
    internal sealed record DecryptionSlots(X509Certificate2[] Certificates);

    private static X509Certificate2 Load(KeyRingProtectionOptions.CertificateFile file, string setting, string appDirectory)
    {
        if (string.IsNullOrWhiteSpace(file.Path))
        {
            throw new JitRuntimeException($"{setting}:Path is empty; name a PFX or PEM file with its private key");
        }

        var path = Path.GetFullPath(file.Path, appDirectory);
        if (!File.Exists(path))
        {
            throw new JitRuntimeException($"{setting}:Path '{path}' does not exist; the key ring cannot be decrypted without this certificate");
        }

        X509Certificate2 certificate;
        try
        {
            var keyPath = file.KeyPath is { Length: > 0 } key ? Path.GetFullPath(key, appDirectory) : null;
            certificate = Path.GetExtension(path).ToUpperInvariant() is ".PFX" or ".P12"
                ? X509CertificateLoader.LoadPkcs12FromFile(path, file.Password)
                : file.Password is { Length: > 0 } password
                    ? X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath)
                    : X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            // The message names the file and the failure, never the password.
            throw new JitRuntimeException($"{setting}:Path '{path}' cannot be loaded as a certificate with its private key ({ex.GetType().Name}: {ex.Message})", ex);
        }

        using var rsa = certificate.HasPrivateKey ? certificate.GetRSAPrivateKey() : null;
        if (rsa is null)
        {
            certificate.Dispose();
            throw new JitRuntimeException($"{setting}:Path '{path}' holds no RSA private key; the key ring is encrypted and decrypted with it");
        }

        return certificate;
    }
}
