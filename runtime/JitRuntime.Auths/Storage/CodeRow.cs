namespace JitRuntime.Auths.Storage;

/// <summary>
/// A stored one-time code (bindCode or loginCode): its hash and what redeeming it yields. Login-type neutral: the
/// login type decides what <see cref="Subject"/>, <see cref="Details"/> and <see cref="Secret"/> hold.
/// </summary>
internal sealed record CodeRow
{
    public const string BindKind = "bind";
    public const string LoginKind = "login";

    public byte[] CodeHash { get; init; } = [];

    public string Kind { get; init; } = "";

    public string LoginElement { get; init; } = "";

    /// <summary>The login type's id of the external user (WeChat: the openid).</summary>
    public string Subject { get; init; } = "";

    /// <summary>The login type's non-secret data, as JSON (WeChat: appId and unionId).</summary>
    public string? Details { get; init; }

    /// <summary>The login type's secret, encrypted (WeChat: the session key, bind codes only).</summary>
    public byte[]? Secret { get; init; }

    public long? UserId { get; init; }

    public long CreatedAt { get; init; }

    public long ExpiresAt { get; init; }

    public long? UsedAt { get; init; }
}
