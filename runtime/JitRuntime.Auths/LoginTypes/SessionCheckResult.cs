namespace JitRuntime.Auths.LoginTypes;

/// <summary>The answer of <c>checkSession</c>: whether WeChat still accepts the user's stored session key.</summary>
public sealed class SessionCheckResult
{
    /// <summary>False once WeChat said the key is stale (87009); the user must log in (wx.login) again.</summary>
    public bool Valid { get; init; }
}
