namespace JitRuntime.Calls;

/// <summary>Who calls an element method: a trusted operator (C#, <c>jit call</c>) or a remote client with an optional bearer token.</summary>
public sealed class ElementCaller
{
    private ElementCaller(bool isTrusted, string? bearerToken, string? clientAddress = null)
    {
        IsTrusted = isTrusted;
        BearerToken = bearerToken;
        ClientAddress = clientAddress;
    }

    /// <summary>Code and operators on the server: not asked for a session.</summary>
    public static ElementCaller Trusted { get; } = new(true, null);

    /// <summary>True for <see cref="Trusted"/>.</summary>
    public bool IsTrusted { get; }

    /// <summary>The session token a remote caller presented (<c>Authorization: Bearer ...</c>), if any.</summary>
    public string? BearerToken { get; }

    /// <summary>
    /// The remote client's address as the host sees it (the connection's peer, or the forwarded client behind a
    /// configured proxy); null for trusted callers. What the audit trail records.
    /// </summary>
    public string? ClientAddress { get; }

    /// <summary>A remote client, with the token it presented (or none) and its address.</summary>
    public static ElementCaller Remote(string? bearerToken, string? clientAddress = null) =>
        new(false, string.IsNullOrWhiteSpace(bearerToken) ? null : bearerToken, clientAddress);
}
