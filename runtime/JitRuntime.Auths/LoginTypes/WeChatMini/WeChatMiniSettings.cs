namespace JitRuntime.Auths.LoginTypes.WeChatMini;

/// <summary>The declaration and configuration keys a WeChat Mini Program login element binds.</summary>
internal sealed class WeChatMiniSettings
{
    /// <summary>1: unknown WeChat users may register; 0 (default): they are refused.</summary>
    public int AllowRegister { get; set; }

    /// <summary>1: a new openid whose unionid is bound through another WeChat login element links to that user.</summary>
    public int LinkByUnionId { get; set; }

    /// <summary>1: <c>register</c> with a phone code links a new openid to the one existing user with that verified number.</summary>
    public int LinkByPhone { get; set; }

    /// <summary><c>registerRisk</c>: WeChat's risk rank is asked before a new user gets a bindCode; null when not declared.</summary>
    public RegisterRiskSettings? RegisterRisk { get; set; }

    /// <summary>The Mini Program's credentials as configured.</summary>
    public AuthConfigSettings AuthConfig { get; set; } = new();

    /// <summary>The <c>registerRisk</c> object of the declaration.</summary>
    internal sealed class RegisterRiskSettings
    {
        /// <summary>The highest rank (0–4) that may register.</summary>
        public int MaxRank { get; set; } = 4;

        /// <summary><c>allow</c> (default): register when WeChat does not answer; <c>refuse</c>: refuse then.</summary>
        public string OnUnavailable { get; set; } = "allow";
    }

    /// <summary>The <c>authConfig</c> object of the business configuration.</summary>
    internal sealed class AuthConfigSettings
    {
        public string AppId { get; set; } = "";

        public string AppSecret { get; set; } = "";
    }
}
