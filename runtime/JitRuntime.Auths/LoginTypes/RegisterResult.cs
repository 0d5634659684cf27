using JitRuntime.Auths.Sessions;

namespace JitRuntime.Auths.LoginTypes;

/// <summary>The user <c>register</c> created, with a loginCode so that the login can complete without another wx.login.</summary>
public sealed class RegisterResult
{
    /// <summary>The new user's id.</summary>
    public long UserId { get; init; }

    /// <summary>When the user was created (UTC): now, or when the linked user was.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>A one-time loginCode for the new user.</summary>
    public string LoginCode { get; init; } = "";

    /// <summary>The new user's organizations (none yet).</summary>
    public IReadOnlyList<Corp> CorpList { get; init; } = [];

    /// <summary>Seconds until the loginCode expires.</summary>
    public int ExpiresIn { get; init; }

    /// <summary>True when no user was created: the login was linked to the existing user <see cref="UserId"/> (<c>linkByPhone</c>); absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? Linked { get; init; }
}
