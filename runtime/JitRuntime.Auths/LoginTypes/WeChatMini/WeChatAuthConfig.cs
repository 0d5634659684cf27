namespace JitRuntime.Auths.LoginTypes.WeChatMini;

/// <summary>The Mini Program's credentials, from the business configuration's <c>authConfig</c>.</summary>
public sealed class WeChatAuthConfig
{
    /// <summary>The Mini Program's AppID (<c>wx</c> + 16 hexadecimal digits).</summary>
    public string AppId { get; set; } = "";

    /// <summary>The Mini Program's AppSecret. Never logged, never returned; <see cref="ToString"/> hides it.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>Shows the AppID only.</summary>
    public override string ToString() => $"WeChatAuthConfig {{ AppId = {AppId}, AppSecret = *** }}";
}
