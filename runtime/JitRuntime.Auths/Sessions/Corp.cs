namespace JitRuntime.Auths.Sessions;

/// <summary>An organization a user belongs to, as <c>corpList</c> items are written.</summary>
public sealed class Corp
{
    /// <summary>The organization's id.</summary>
    public string CorpId { get; init; } = "";

    /// <summary>The organization's display name.</summary>
    public string CorpName { get; init; } = "";
}
