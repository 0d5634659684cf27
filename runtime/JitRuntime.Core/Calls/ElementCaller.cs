namespace JitRuntime.Calls;

/// <summary>
/// Who calls an element function: a trusted operator (C#, <c>jit call</c>) or a remote client with an optional bearer
/// token. For a <c>loginRequired</c> function the dispatch checks the token first and hands the function a caller
/// that carries the session's <see cref="UserId"/>; a function takes an <see cref="ElementCaller"/> parameter to see it
/// (the dispatch fills it; callers never name it).
/// </summary>
public sealed class ElementCaller
{
    /// <summary>The longest <see cref="UserAgent"/> kept: what a person reading it needs, bounded.</summary>
    public const int MaxUserAgentLength = 256;

    private ElementCaller(bool isTrusted, string? bearerToken, string? clientAddress, long? userId, string? userAgent = null)
    {
        IsTrusted = isTrusted;
        BearerToken = bearerToken;
        ClientAddress = clientAddress;
        UserId = userId;
        UserAgent = userAgent;
    }

    /// <summary>Code and operators on the server: not asked for a session.</summary>
    public static ElementCaller Trusted { get; } = new(true, null, null, null);

    /// <summary>True for <see cref="Trusted"/>.</summary>
    public bool IsTrusted { get; }

    /// <summary>The session token a remote caller presented (<c>Authorization: Bearer ...</c>), if any.</summary>
    public string? BearerToken { get; }

    /// <summary>
    /// The remote client's address as the host sees it (the connection's peer, or the forwarded client behind a
    /// configured proxy); null for trusted callers. What the audit trail records.
    /// </summary>
    public string? ClientAddress { get; }

    /// <summary>The user of the caller's live session, once the dispatch has checked it; null before or without one.</summary>
    public long? UserId { get; }

    /// <summary>
    /// The remote client's <c>User-Agent</c> as it sent it, printable ASCII only and at most
    /// <see cref="MaxUserAgentLength"/> characters; null when it sent none (and for trusted callers). Shown to people
    /// (a scan-to-log-in confirmation page), never trusted.
    /// </summary>
    public string? UserAgent { get; }

    /// <summary>A remote client, with the token it presented (or none), its address and its user agent.</summary>
    public static ElementCaller Remote(string? bearerToken, string? clientAddress = null, string? userAgent = null) =>
        new(false, string.IsNullOrWhiteSpace(bearerToken) ? null : bearerToken, clientAddress, null, Bounded(userAgent));

    /// <summary>This caller, authenticated as <paramref name="userId"/> (the dispatch does this for <c>loginRequired</c> functions).</summary>
    public ElementCaller WithUser(long userId) => new(IsTrusted, BearerToken, ClientAddress, userId, UserAgent);

    private static string? Bounded(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var printable = new string(userAgent.Where(c => c is >= ' ' and < '\u007f').Take(MaxUserAgentLength).ToArray()).Trim();
        return printable.Length == 0 ? null : printable;
    }

    /// <summary>
    /// Checks that this caller may act for <paramref name="userId"/>: trusted callers may act for anyone, a remote
    /// caller only for the user of its own session.
    /// </summary>
    /// <exception cref="ElementCallException"><c>forbidden</c> (403) for another user's session; <c>authentication_required</c> (401) without one.</exception>
    public void EnsureActsFor(long userId, string argumentName = "userId")
    {
        if (IsTrusted)
        {
            return;
        }

        if (UserId is not { } sessionUser)
        {
            throw ElementCallErrors.AuthenticationRequired();
        }

        if (sessionUser != userId)
        {
            throw new ElementCallException(ElementErrorKind.Forbidden, "forbidden", $"the session belongs to another user than '{argumentName}'");
        }
    }
}
