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

    /// <summary>Largest response body read from WeChat.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;
}
