namespace JitRuntime.Auths.Sessions;

/// <summary>A logged-in session, as <c>loginByCode</c> returns it (the token only there) and <c>getSession</c> describes it.</summary>
public sealed class LoginSession
{
    /// <summary>The bearer token; returned once by loginByCode, stored only as a hash.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Token { get; init; }

    /// <summary>The logged-in user.</summary>
    public long UserId { get; init; }

    /// <summary>The organization the session is for, or null for a user without organizations.</summary>
    public string? CorpId { get; init; }

    /// <summary>The client platform the login came from.</summary>
    public string Platform { get; init; } = "";

    /// <summary>The login element that authenticated the user.</summary>
    public string LoginElement { get; init; } = "";

    /// <summary>When the token stops working (UTC).</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
