namespace JitRuntime.Auths.WeChat;

/// <summary>
/// WeChat's <c>session_key</c>: the key that signs and encrypts a user's data. It never leaves the server, so this
/// wrapper prints as <c>***</c> wherever it ends up in a log, a debugger or an exception message.
/// </summary>
public sealed class WeChatSessionKey
{
    /// <summary>Wraps the key as WeChat sent it (base64).</summary>
    public WeChatSessionKey(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
    }

    /// <summary>The key, base64 as WeChat sends it. Use it; never print it.</summary>
    public string Value { get; }

    /// <summary>Never the key.</summary>
    public override string ToString() => "***";
}
