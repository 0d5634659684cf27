namespace JitRuntime.Auths.Storage;

/// <summary>A stored one-time code (bindCode or loginCode): its hash and what redeeming it yields.</summary>
internal sealed class CodeRow
{
    public const string BindKind = "bind";
    public const string LoginKind = "login";

    public byte[] CodeHash { get; init; } = [];

    public string Kind { get; init; } = "";

    public string LoginElement { get; init; } = "";

    public string AppId { get; init; } = "";

    public string OpenId { get; init; } = "";

    public string? UnionId { get; init; }

    public long? UserId { get; init; }

    /// <summary>Encrypted session key (bind codes only).</summary>
    public byte[]? SessionKey { get; init; }

    public long CreatedAt { get; init; }

    public long ExpiresAt { get; init; }

    public long? UsedAt { get; init; }
}
