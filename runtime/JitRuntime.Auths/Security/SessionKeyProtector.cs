using System.Security.Cryptography;
using JitRuntime.Auths.WeChat;
using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Auths.Security;

/// <summary>
/// Encrypts session keys before they reach the database (ASP.NET Core Data Protection: authenticated encryption,
/// keys rotated and kept in the app's database), and decrypts them for the server-side operations that need them.
/// </summary>
public sealed class SessionKeyProtector(IServiceProvider services)
{
    // Data Protection is resolved on first use, not with the element: a key ring that cannot be set up (a certificate
    // that does not load) is then a coded error of the call, and a later call tries again (exceptions are not cached).
    private readonly Lazy<IDataProtector> _protector = new(
        () => services.GetRequiredService<IDataProtectionProvider>().CreateProtector("JitRuntime.Auths.WeChat.SessionKey.v1"),
        LazyThreadSafetyMode.PublicationOnly);

    /// <summary>The stored form of <paramref name="sessionKey"/>.</summary>
    /// <exception cref="ElementCallException"><c>key_store_unavailable</c>: the key ring in the app's database cannot be read or written.</exception>
    public byte[] Protect(WeChatSessionKey sessionKey)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        try
        {
            return _protector.Value.Protect(System.Text.Encoding.UTF8.GetBytes(sessionKey.Value));
        }
        catch (CryptographicException ex)
        {
            throw StorageFault(ex) ?? new ElementCallException(ElementErrorKind.StorageUnavailable, "key_store_unavailable",
                "the session-key store (the Data Protection key ring in the app's database) cannot be read or written", ex);
        }
        catch (JitRuntimeException ex)
        {
            throw CertificateFault(ex);
        }
    }

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

    /// <summary>The session key behind <paramref name="protectedKey"/>, or null when it cannot be decrypted (keys lost or rotated out).</summary>
    public WeChatSessionKey? Unprotect(byte[] protectedKey)
    {
        try
        {
            return new WeChatSessionKey(System.Text.Encoding.UTF8.GetString(_protector.Value.Unprotect(protectedKey)));
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
}
