using JitRuntime.Auths.WeChat;
using JitRuntime.Secrets;

namespace JitRuntime.Auths.Security;

/// <summary>WeChat session keys as the auths family stores them: encrypted by the secrets module under a purpose of their own.</summary>
public sealed class SessionKeyProtector(SecretProtector secrets)
{
    /// <summary>The purpose of session keys.</summary>
    public const string SessionKeyPurpose = "JitRuntime.Auths.WeChat.SessionKey.v1";

    /// <summary>The stored form of <paramref name="sessionKey"/>.</summary>
    /// <exception cref="Calls.ElementCallException"><c>key_store_unavailable</c>: the key ring in the app's database cannot be read or written.</exception>
    public byte[] Protect(WeChatSessionKey sessionKey)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        return secrets.ProtectSecret(SessionKeyPurpose, sessionKey.Value);
    }

    /// <summary>The session key behind <paramref name="protectedKey"/>, or null when it cannot be decrypted (keys lost or rotated out).</summary>
    public WeChatSessionKey? Unprotect(byte[] protectedKey) =>
        secrets.UnprotectSecret(SessionKeyPurpose, protectedKey) is { } value ? new WeChatSessionKey(value) : null;
}
