using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace JitRuntime.Fakes;

/// <summary>
/// The fake's server APIs beyond code2session, as documented: the stable access_token (normal mode hands out the
/// current token while it is valid, force mode replaces it), getuserphonenumber (needs a live token and a phone-button
/// code issued for that openid) and checksession (signature = hex(hmac_sha256(session_key, "")) with the user's latest
/// session key). A test can rotate the token behind the runtime's back, as another system forcing a refresh would.
/// </summary>
public sealed partial class FakeWeChatServer
{
    private readonly ConcurrentDictionary<string, string> _currentSessionKeys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PhoneCode> _phoneCodes = new(StringComparer.Ordinal);
    private readonly Lock _tokenLock = new();
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);
    private string _token = NewToken();
    private int _tokenFetches;
    private int _forcedFetches;
    private int _phoneCalls;
    private int _rejectedTokens;

    /// <summary>stable_token calls answered (normal and forced).</summary>
    public int TokenFetches => Volatile.Read(ref _tokenFetches);

    /// <summary>stable_token calls with force_refresh true.</summary>
    public int ForcedTokenFetches => Volatile.Read(ref _forcedFetches);

    /// <summary>getuserphonenumber calls answered.</summary>
    public int PhoneNumberCalls => Volatile.Read(ref _phoneCalls);

    /// <summary>API calls refused with 40001 (a token that is not the current one).</summary>
    public int RejectedTokens => Volatile.Read(ref _rejectedTokens);

    /// <summary>How long stable_token takes to answer (to make racing fetches overlap).</summary>
    public TimeSpan StableTokenDelay { get; set; }

    /// <summary>Every access_token handed out, for the leak checks.</summary>
    public ConcurrentBag<string> TokensIssued { get; } = [];

    /// <summary>Replaces the current token, as another system forcing a refresh would: the old one gets 40001 from now on.</summary>
    public void RotateToken()
    {
        lock (_tokenLock)
        {
            _token = NewToken();
        }
    }

    /// <summary>
    /// Makes WeChat refuse the current token (40001) while stable_token in normal mode still hands it out: only a forced
    /// refresh gets a working one.
    /// </summary>
    public void RevokeTokenWithoutRotating() => _revoked[CurrentToken()] = 0;

    /// <summary>A fresh phone-number-button code for <paramref name="openId"/> whose number is <paramref name="purePhoneNumber"/>.</summary>
    public string IssuePhoneCode(string openId, string purePhoneNumber, string countryCode = "86", string watermarkAppId = AppId)
    {
        var code = "phone" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _phoneCodes[code] = new PhoneCode(openId, purePhoneNumber, countryCode, watermarkAppId);
        return code;
    }

    /// <summary>Makes WeChat forget the user's session key (as after a new wx.login elsewhere): checksession answers 87009.</summary>
    public void ExpireSessionKey(string openId) => _currentSessionKeys[openId] = "expired-" + Guid.NewGuid();

    private static string NewToken() => "fake-access-token-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private bool Accepts(string? token) => token == CurrentToken() && !_revoked.ContainsKey(token);

    private string CurrentToken()
    {
        lock (_tokenLock)
        {
            return _token;
        }
    }

    private async Task StableTokenAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        if (root.GetProperty("grant_type").GetString() != "client_credential" || root.GetProperty("appid").GetString() != AppId)
        {
            await WriteAsync(context, """{"errcode":40013,"errmsg":"invalid appid"}""");
            return;
        }

        if (root.GetProperty("secret").GetString() != AppSecret)
        {
            await WriteAsync(context, """{"errcode":40125,"errmsg":"invalid appsecret"}""");
            return;
        }

        if (StableTokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(StableTokenDelay);
        }

        Interlocked.Increment(ref _tokenFetches);
        if (root.TryGetProperty("force_refresh", out var force) && force.ValueKind == JsonValueKind.True)
        {
            Interlocked.Increment(ref _forcedFetches);
            RotateToken();
        }

        var token = CurrentToken();
        TokensIssued.Add(token);
        await WriteAsync(context, $$"""{"access_token":"{{token}}","expires_in":7200}""");
    }

    /// <summary>getuserriskrank: the risk rank WeChat gives each openid (0 unless set); -1 busy answers while <see cref="RiskRankBusy"/>.</summary>
    public ConcurrentDictionary<string, int> RiskRanks { get; } = new(StringComparer.Ordinal);

    /// <summary>While true, getuserriskrank answers errcode -1 (busy), as WeChat does when it cannot answer.</summary>
    public bool RiskRankBusy { get; set; }

    /// <summary>getuserriskrank requests, with the scene and client address each named.</summary>
    public ConcurrentQueue<(string OpenId, int Scene, string? ClientIp)> RiskRankRequests { get; } = new();

    private async Task RiskRankAsync(HttpContext context)
    {
        if (!Accepts(context.Request.Query["access_token"]))
        {
            await WriteAsync(context, """{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest"}""");
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var openId = body.RootElement.GetProperty("openid").GetString() ?? "";
        RiskRankRequests.Enqueue((openId, body.RootElement.GetProperty("scene").GetInt32(),
            body.RootElement.TryGetProperty("client_ip", out var ip) ? ip.GetString() : null));
        await WriteAsync(context, RiskRankBusy ? """{"errcode":-1,"errmsg":"system error"}"""
            : $$"""{"errcode":0,"errmsg":"getuserriskrank succ","risk_rank":{{RiskRanks.GetValueOrDefault(openId)}},"unoin_id":0}""");
    }

    private async Task PhoneNumberAsync(HttpContext context)
    {
        if (!Accepts(context.Request.Query["access_token"]))
        {
            Interlocked.Increment(ref _rejectedTokens);
            await WriteAsync(context, """{"errcode":40001,"errmsg":"invalid credential, access_token is invalid or not latest"}""");
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var code = body.RootElement.GetProperty("code").GetString() ?? "";
        var openId = body.RootElement.TryGetProperty("openid", out var o) ? o.GetString() : null;
        if (!_phoneCodes.TryRemove(code, out var phone) || (openId is not null && openId != phone.OpenId))
        {
            await WriteAsync(context, """{"errcode":40029,"errmsg":"invalid code"}""");
            return;
        }

        Interlocked.Increment(ref _phoneCalls);
        var full = phone.CountryCode == "86" ? phone.PurePhoneNumber : $"+{phone.CountryCode}{phone.PurePhoneNumber}";
        await WriteAsync(context, JsonSerializer.Serialize(new
        {
            errcode = 0,
            errmsg = "ok",
            phone_info = new
            {
                phoneNumber = full,
                purePhoneNumber = phone.PurePhoneNumber,
                countryCode = phone.CountryCode,
                watermark = new { timestamp = 1_700_000_000, appid = phone.WatermarkAppId },
            },
        }));
    }

    private Task CheckSessionAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!Accepts(query["access_token"]))
        {
            Interlocked.Increment(ref _rejectedTokens);
            return WriteAsync(context, """{"errcode":40001,"errmsg":"invalid credential"}""");
        }

        if (query["sig_method"] != "hmac_sha256" || !_currentSessionKeys.TryGetValue(query["openid"].ToString(), out var key))
        {
            return WriteAsync(context, """{"errcode":87009,"errmsg":"invalid signature"}""");
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Array.Empty<byte>()));
        return query["signature"] == expected
            ? WriteAsync(context, """{"errcode":0,"errmsg":"ok"}""")
            : WriteAsync(context, """{"errcode":87009,"errmsg":"invalid signature"}""");
    }

    /// <summary>A Mini Program code as getwxacodeunlimit answers it: a real PNG (29 x 29 modules, 2 pixels each).</summary>
    public static readonly byte[] QrCodePng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAADoAAAA6CAAAAADE0BX0AAABIklEQVR42q2X2xKDMAhE/f+fTju9KHvBSbLmpdZwHIQF4nHAGoOvx2fhjl2L6DjXZf6/f+1+71bbFGUH0Uxtzt/H0AvvQ/c02mWvcTxCMSAuTJyqHPXOsUFrvoXWAKDT+phaEO/rAEVXvCjR+ZKmbbR3qC+530NDlDtGdRWdh1cK0PqHpYA7dU8qZwOtgXDO1bTAvRDFDUyYbzegpmVUi8mNCtt8ArQKj8vPSRJsA9RNPDfEsB20w3IK5ZaJ8uvAszdtooi4AneHhhzV8aBC4NClKLqqAxrdhiAFqJc+m08Or03U6Ysl2Sp5CeXS4jaqiZMC2EK7Qyy3OwnQQ6g7BPkmTuMqQlVqWuA377qEanLwBTgtt3mdRPtPFi/Bqa+de/QFRLrChOAdId0AAAAASUVORK5CYII=");

    /// <summary>The getwxacodeunlimit requests answered with an image: scene, page, check_path, env_version, width.</summary>
    public ConcurrentQueue<(string Scene, string Page, bool CheckPath, string EnvVersion, int Width)> QrCodeRequests { get; } = new();

    /// <summary>When set, getwxacodeunlimit answers 45009 (the daily quota is used up).</summary>
    public bool QrCodeQuotaExhausted { get; set; }

    // getwxacodeunlimit: an image on success, JSON on error; a page whose name starts with "missing" does not exist (41030).
    private async Task QrCodeAsync(HttpContext context)
    {
        if (!Accepts(context.Request.Query["access_token"]))
        {
            Interlocked.Increment(ref _rejectedTokens);
            await WriteAsync(context, """{"errcode":40001,"errmsg":"invalid credential"}""");
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        var scene = root.GetProperty("scene").GetString() ?? "";
        var page = root.GetProperty("page").GetString() ?? "";
        const string allowed = "!#$&'()*+,/:;=?@-._~";
        if (QrCodeQuotaExhausted)
        {
            await WriteAsync(context, """{"errcode":45009,"errmsg":"reach max api daily quota limit"}""");
        }
        else if (scene.Length is 0 or > 32 || !scene.All(c => char.IsAsciiLetterOrDigit(c) || allowed.Contains(c)))
        {
            await WriteAsync(context, """{"errcode":40129,"errmsg":"invalid scene"}""");
        }
        else if (page.StartsWith("missing", StringComparison.Ordinal))
        {
            await WriteAsync(context, """{"errcode":41030,"errmsg":"invalid page"}""");
        }
        else
        {
            QrCodeRequests.Enqueue((scene, page, root.GetProperty("check_path").GetBoolean(), root.GetProperty("env_version").GetString() ?? "", root.GetProperty("width").GetInt32()));
            context.Response.ContentType = "image/png";
            await context.Response.Body.WriteAsync(QrCodePng);
        }
    }

    private sealed record PhoneCode(string OpenId, string PurePhoneNumber, string CountryCode, string WatermarkAppId);
}
