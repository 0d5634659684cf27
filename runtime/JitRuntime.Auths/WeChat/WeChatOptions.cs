namespace JitRuntime.Auths.WeChat;

/// <summary>How the runtime reaches WeChat (configuration section <c>WeChat</c>).</summary>
public sealed class WeChatOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "WeChat";

    /// <summary>WeChat's API root; tests and the development stand-in point it at 127.0.0.1 (<c>JIT_WeChat__ApiBaseUrl</c>).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.weixin.qq.com";

    /// <summary>How long one call to WeChat may take, connection and body included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts when WeChat answers <c>-1</c> (system busy, "try again later"); no other error is retried.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt; doubled before each later one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a connection to WeChat may sit unused before it is closed rather than reused. The pool closes idle
    /// connections on a timer (every quarter of this, at least every second), so a connection can be reused until about
    /// 1.25 times this; that must stay below WeChat's own keep-alive timeout (about 20 s at api.weixin.qq.com). A request
    /// sent on a connection WeChat is closing is reset, and it is not sent again: the code in it may already be spent.
    /// </summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long before its expiry an access_token is replaced (one node fetches; the others keep using the old one while
    /// it is valid). WeChat's tokens live 2 hours.
    /// </summary>
    public TimeSpan AccessTokenRefreshAhead { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest response body read from WeChat.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;
}
