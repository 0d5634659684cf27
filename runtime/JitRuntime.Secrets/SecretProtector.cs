using System.Collections.Concurrent;
using System.Security.Cryptography;
using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Secrets;

/// <summary>
/// Encrypts the secrets element families store (session keys, access_tokens, phone numbers, their own keys) before they
/// reach the database (ASP.NET Core Data Protection: authenticated encryption, keys rotated and kept in the app's
/// database, so every node decrypts what any node wrote), and decrypts them for the server-side operations that need
/// them. Each kind of secret has its own purpose (<c>JitRuntime.Auths.WeChat.SessionKey.v1</c>), so one can never be
/// read back as another. The one protector of the runtime: families take it, never Data Protection itself.
/// </summary>
public sealed class SecretProtector(IServiceProvider services)
{
    // Data Protection is resolved on first use, not with the element: a key ring that cannot be set up (a certificate
    // that does not load) is then a coded error of the call, and a later call tries again (exceptions are not cached).
    private readonly Lazy<IDataProtectionProvider> _provider = new(
        () => services.GetRequiredService<IDataProtectionProvider>(), LazyThreadSafetyMode.PublicationOnly);

    private readonly ConcurrentDictionary<string, IDataProtector> _protectors = new(StringComparer.Ordinal);

    /// <summary>The stored form of a secret of kind <paramref name="purpose"/>.</summary>
    /// <exception cref="ElementCallException"><c>key_store_unavailable</c>: the key ring in the app's database cannot be read or written.</exception>
    public byte[] ProtectSecret(string purpose, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            return Protector(purpose).Protect(System.Text.Encoding.UTF8.GetBytes(value));
        }
        catch (CryptographicException ex)
        {
            throw StorageFault(ex) ?? new ElementCallException(ElementErrorKind.StorageUnavailable, "key_store_unavailable",
                "the secret store (the Data Protection key ring in the app's database) cannot be read or written", ex);
        }
        catch (JitRuntimeException ex)
        {
            throw CertificateFault(ex);
        }
    }

    /// <summary>The secret behind <paramref name="stored"/>, or null when it cannot be decrypted (keys lost or rotated out).</summary>
    public string? UnprotectSecret(string purpose, byte[] stored)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Protector(purpose).Unprotect(stored));
        }
        catch (JitRuntimeException ex)
        {
            throw CertificateFault(ex);
        }
        catch (CryptographicException ex) when (StorageFault(ex) is null)
        {
            return null;
        }
        catch (CryptographicException ex)
        {
            throw StorageFault(ex)!;
        }
    }

    private IDataProtector Protector(string purpose) => _protectors.GetOrAdd(purpose, p => _provider.Value.CreateProtector(p));

    /// <summary>A key-ring certificate that cannot be loaded: the message says which file and why.</summary>
    private static ElementCallException CertificateFault(JitRuntimeException exception) =>
        new(ElementErrorKind.StorageUnavailable, "key_store_unavailable", exception.Message, exception);

    /// <summary>The database's own coded error when the key ring could not be read from it (unreachable, read-only, ...).</summary>
    private static ElementCallException? StorageFault(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is ElementCallException coded)
            {
                return coded;
            }
        }

        return null;
    }
}
