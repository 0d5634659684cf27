using JitRuntime.Calls;

namespace JitRuntime.Auths.WeChat;

/// <summary>
/// WeChat did not give a session: it answered an error code (kept in <see cref="ErrCode"/> and, for callers, in the
/// <c>errcode</c> extension), failed, timed out or answered something unreadable. The message is safe to show: it never holds the secret or the session key.
/// </summary>
public sealed class WeChatException : ElementCallException
{
    /// <summary>Creates the exception.</summary>
    public WeChatException(ElementErrorKind kind, string code, string message, int? errCode = null, Exception? innerException = null)
        : base(kind, code, message, innerException, errCode is { } value ? new Dictionary<string, object?> { ["errcode"] = value } : null)
    {
        ErrCode = errCode;
    }

    /// <summary>WeChat's <c>errcode</c>, when WeChat answered one.</summary>
    public int? ErrCode { get; }

    /// <summary>Maps a WeChat <c>errcode</c> to the error the caller sees.</summary>
    public static WeChatException FromErrCode(int errCode, string? errMsg)
    {
        var detail = string.IsNullOrWhiteSpace(errMsg) ? "" : $" ({Sanitize(errMsg)})";
        return errCode switch
        {
            40029 => new(ElementErrorKind.InvalidArgument, "wechat_invalid_code", $"WeChat says the login code is invalid{detail}; call wx.login again for a fresh code", errCode),
            40163 => new(ElementErrorKind.Conflict, "wechat_code_used", $"WeChat says the login code was already used{detail}; call wx.login again for a fresh code", errCode),
            40226 => new(ElementErrorKind.Refused, "wechat_user_blocked", $"WeChat blocked this user as high-risk{detail}", errCode),
            45011 => new(ElementErrorKind.UpstreamUnavailable, "wechat_rate_limited", $"WeChat's API quota is exhausted{detail}; try again later", errCode),
            -1 => new(ElementErrorKind.UpstreamUnavailable, "wechat_busy", $"WeChat is busy{detail}; try again later", errCode),
            40125 => new(ElementErrorKind.UpstreamError, "wechat_invalid_secret", $"WeChat rejected the Mini Program's appSecret{detail}; check authConfig.appSecret", errCode),
            40013 => new(ElementErrorKind.UpstreamError, "wechat_invalid_appid", $"WeChat rejected the Mini Program's appId{detail}; check authConfig.appId", errCode),
            40001 => new(ElementErrorKind.UpstreamError, "wechat_access_token_invalid", $"WeChat rejected the access_token{detail}", errCode),
            42001 => new(ElementErrorKind.UpstreamError, "wechat_access_token_expired", $"WeChat says the access_token expired{detail}", errCode),
            40164 => new(ElementErrorKind.UpstreamError, "wechat_ip_not_allowed",
                $"WeChat refused this server's IP address{detail}: add it to the Mini Program's API IP whitelist (mp.weixin.qq.com: Development > Development settings)", errCode),
            45009 => new(ElementErrorKind.UpstreamUnavailable, "wechat_daily_quota_exceeded", $"the Mini Program's daily quota for this WeChat API is used up{detail}; try again tomorrow", errCode),
            41030 => new(ElementErrorKind.Refused, "wechat_invalid_page",
                $"WeChat says the page of the Mini Program code does not exist in that version{detail}; check scanLogin.page (published pages only for envVersion release)", errCode),
            40097 or 40129 => new(ElementErrorKind.UpstreamError, "wechat_invalid_scene", $"WeChat refused the Mini Program code's scene{detail}", errCode),
            87009 => new(ElementErrorKind.Conflict, "session_key_stale", $"WeChat says the stored session key is no longer valid{detail}; log in again (wx.login) and retry", errCode),
            _ => new(ElementErrorKind.UpstreamError, "wechat_error", $"WeChat answered error {errCode}{detail}", errCode),
        };
    }

    /// <summary>WeChat's errmsg is outside text: keep it short and printable.</summary>
    private static string Sanitize(string text)
    {
        var printable = new string(text.Where(c => !char.IsControl(c)).Take(200).ToArray());
        return printable.Trim();
    }
}
