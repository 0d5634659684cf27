namespace JitRuntime.Auths.WeChat;

/// <summary>WeChat's code2session: exchanges a Mini Program login code for the user's openid and session key.</summary>
public interface IWeChatSessionClient
{
    /// <summary>Calls <c>GET /sns/jscode2session</c>.</summary>
    /// <exception cref="WeChatException">WeChat refused the code, failed, timed out or answered something unreadable.</exception>
    Task<WeChatSession> Code2SessionAsync(string appId, string appSecret, string code, CancellationToken cancellationToken = default);
}
