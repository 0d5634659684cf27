namespace JitRuntime.Auths.LoginTypes.WeChatMini;

/// <summary>
/// The Mini Program's credentials, from the business configuration's <c>authConfig</c>. The AppSecret is for the
/// runtime's calls to WeChat only: it is left out of every JSON serialization and out of <see cref="ToString"/>.
/// </summary>
public sealed class WeChatAuthConfig(string appId, string appSecret)
{
    /// <summary>The Mini Program's AppID (<c>wx</c> + 16 hexadecimal digits).</summary>
    public string AppId { get; } = appId;

    /// <summary>The Mini Program's AppSecret. Never logged, never serialized, never returned.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [Newtonsoft.Json.JsonIgnore]
    public string AppSecret { get; } = appSecret;

    /// <summary>Shows the AppID only.</summary>
    public override string ToString() => $"WeChatAuthConfig {{ AppId = {AppId}, AppSecret = *** }}";
}
