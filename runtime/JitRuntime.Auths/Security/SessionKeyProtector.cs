using System.Security.Cryptography;
using JitRuntime.Auths.WeChat;
using JitRuntime.Calls;
using Microsoft.AspNetCore.DataProtection;

namespace JitRuntime.Auths.Security;

/// <summary>
/// Encrypts session keys before they reach the database (ASP.NET Core Data Protection: authenticated encryption,
/// keys rotated and kept beside the database), and decrypts them for the server-side operations that need them.
/// </summary>
public sealed class SessionKeyProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("JitRuntime.Auths.WeChat.SessionKey.v1");

    /// <summary>The stored form of <paramref name="sessionKey"/>.</summary>
    /// <exception cref="ElementCallException"><c>key_store_unavailable</c>: the keys beside the database cannot be read or written.</exception>
    public byte[] Protect(WeChatSessionKey sessionKey)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        try
        {
            return _protector.Protect(System.Text.Encoding.UTF8.GetBytes(sessionKey.Value));
        }
        catch (CryptographicException ex)
        {
            throw new ElementCallException(ElementErrorKind.StorageUnavailable, "key_store_unavailable",
                "the session-key store (the Data Protection keys beside the database) cannot be read or written", ex);
        }
    }

    /// <summary>The session key behind <paramref name="protectedKey"/>, or null when it cannot be decrypted (keys lost or rotated out).</summary>
    public WeChatSessionKey? Unprotect(byte[] protectedKey)
    {
        try
        {
            return new WeChatSessionKey(System.Text.Encoding.UTF8.GetString(_protector.Unprotect(protectedKey)));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
