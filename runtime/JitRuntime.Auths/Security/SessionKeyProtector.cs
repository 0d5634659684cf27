using System.Security.Cryptography;
using JitRuntime.Auths.WeChat;
using JitRuntime.Calls;
using Microsoft.AspNetCore.DataProtection;

namespace JitRuntime.Auths.Security;

/// <summary>
/// Encrypts session keys before they reach the database (ASP.NET Core Data Protection: authenticated encryption,
/// keys rotated and kept in the app's database), and decrypts them for the server-side operations that need them.
/// </summary>
public sealed class SessionKeyProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("JitRuntime.Auths.WeChat.SessionKey.v1");

    /// <summary>The stored form of <paramref name="sessionKey"/>.</summary>
    /// <exception cref="ElementCallException"><c>key_store_unavailable</c>: the key ring in the app's database cannot be read or written.</exception>
    public byte[] Protect(WeChatSessionKey sessionKey)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        try
        {
            return _protector.Protect(System.Text.Encoding.UTF8.GetBytes(sessionKey.Value));
        }
        catch (CryptographicException ex)
        {
            throw StorageFault(ex) ?? new ElementCallException(ElementErrorKind.StorageUnavailable, "key_store_unavailable",
                "the session-key store (the Data Protection key ring in the app's database) cannot be read or written", ex);
        }
    }

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
            return new WeChatSessionKey(System.Text.Encoding.UTF8.GetString(_protector.Unprotect(protectedKey)));
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
