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

    /// <summary><c>scanLogin</c>: the Mini Program page a PC's login code opens; null when scan to log in is not offered.</summary>
    public ScanLoginSettings? ScanLogin { get; set; }

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

    /// <summary>The <c>scanLogin</c> object of the declaration.</summary>
    internal sealed class ScanLoginSettings
    {
        /// <summary>The confirmation page the code opens (<c>pages/scan/confirm</c>), with the ticket as its scene.</summary>
        public string Page { get; set; } = "";

        /// <summary><c>release</c> (default), <c>trial</c> or <c>develop</c>: which build the code opens.</summary>
        public string EnvVersion { get; set; } = "release";

        /// <summary>The code's width in pixels (280 to 1280, default 280).</summary>
        public int Width { get; set; } = 280;
    }

    /// <summary>The <c>authConfig</c> object of the business configuration.</summary>
    internal sealed class AuthConfigSettings
    {
        public string AppId { get; set; } = "";

        public string AppSecret { get; set; } = "";
    }
}
