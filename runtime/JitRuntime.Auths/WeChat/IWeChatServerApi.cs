namespace JitRuntime.Auths.WeChat;

/// <summary>WeChat's server APIs beyond code2session, each a single call (the access_token is the caller's to manage).</summary>
public interface IWeChatServerApi
{
    /// <summary><c>POST /cgi-bin/stable_token</c>: the Mini Program's access_token (normal mode returns the current one while it is valid).</summary>
    Task<WeChatAccessToken> GetStableTokenAsync(string appId, string appSecret, bool forceRefresh, CancellationToken cancellationToken = default);

    /// <summary><c>POST /wxa/business/getuserphonenumber</c> with the phone-number button's code and the user's openid.</summary>
    Task<WeChatPhoneNumber> GetUserPhoneNumberAsync(string appId, string accessToken, string code, string openId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /wxa/getuserriskrank</c>: WeChat's risk rank of a user, 0 (lowest) to 4, for a scene (0: registration, 1: marketing).</summary>
    Task<int> GetUserRiskRankAsync(string appId, string accessToken, string openId, int scene, string? clientIp, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>POST /wxa/getwxacodeunlimit</c>: a Mini Program code (PNG) that opens <paramref name="page"/> with
    /// <paramref name="scene"/> (at most 32 characters), for the <paramref name="envVersion"/> (<c>release</c>,
    /// <c>trial</c>, <c>develop</c>) build; <paramref name="checkPath"/> false lets an unpublished page be named.
    /// </summary>
    Task<byte[]> GetUnlimitedQrCodeAsync(string appId, string accessToken, string scene, string page, bool checkPath, string envVersion, int width,
        CancellationToken cancellationToken = default);

    /// <summary><c>GET /wxa/checksession</c>: succeeds when the signature matches WeChat's current session key (87009 otherwise).</summary>
    Task CheckSessionAsync(string appId, string accessToken, string openId, string signature, CancellationToken cancellationToken = default);
}

/// <summary>An access_token and how long WeChat says it lives. A secret: never logged, returned or stored in plain text.</summary>
/// <param name="Token">The token.</param>
/// <param name="ExpiresIn">Its remaining lifetime as WeChat answered it.</param>
public sealed record WeChatAccessToken(string Token, TimeSpan ExpiresIn)
{
    /// <inheritdoc />
    public override string ToString() => $"WeChatAccessToken(***, {ExpiresIn})";
}

/// <summary>A user's phone number as WeChat returns it.</summary>
/// <param name="PhoneNumber">With the country code for numbers outside mainland China.</param>
/// <param name="PurePhoneNumber">Without the country code.</param>
/// <param name="CountryCode">The country code (<c>86</c>).</param>
/// <param name="WatermarkAppId">The appid WeChat issued it for (checked against the Mini Program's).</param>
public sealed record WeChatPhoneNumber(string PhoneNumber, string PurePhoneNumber, string CountryCode, string? WatermarkAppId);
