namespace JitRuntime.Calls;

/// <summary>Who calls an element method: a trusted operator (C#, <c>jit call</c>) or a remote client with an optional bearer token.</summary>
public sealed class ElementCaller
{
    private ElementCaller(bool isTrusted, string? bearerToken)
    {
        IsTrusted = isTrusted;
        BearerToken = bearerToken;
    }

    /// <summary>Code and operators on the server: not asked for a session.</summary>
    public static ElementCaller Trusted { get; } = new(true, null);

    /// <summary>True for <see cref="Trusted"/>.</summary>
    public bool IsTrusted { get; }

    /// <summary>The session token a remote caller presented (<c>Authorization: Bearer ...</c>), if any.</summary>
    public string? BearerToken { get; }

    /// <summary>A remote client, with the token it presented (or none).</summary>
    public static ElementCaller Remote(string? bearerToken) => new(false, string.IsNullOrWhiteSpace(bearerToken) ? null : bearerToken);
}
