using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JitRuntime.Auths.Development;

/// <summary>
/// DEVELOPMENT ONLY. A local stand-in for WeChat's server APIs (code2session, stable_token, getuserphonenumber,
/// checksession), so that the whole login flow can be tried on a machine without WeChat (<c>jit run --dev-wechat</c>).
/// It listens on 127.0.0.1 only and trusts any appid and secret. A code is any short name; the part before the first
/// '.' names the user, so <c>alice.1</c>, <c>alice.2</c> are two wx.login codes of one WeChat user. Codes are single
/// use, like WeChat's. A code <c>errcode.40029</c> answers that errcode. A phone-number code is the number itself
/// (<c>13800138000</c>); checksession checks the signature against the user's latest session key.
/// </summary>
public sealed class WeChatStandIn : IAsyncDisposable
{
    /// <summary>What the stand-in answers getwxacodeunlimit with: a real PNG (29 x 29 modules, 2 pixels each).</summary>
    internal static readonly byte[] QrCodePng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAADoAAAA6CAAAAADE0BX0AAABIklEQVR42q2X2xKDMAhE/f+fTju9KHvBSbLmpdZwHIQF4nHAGoOvx2fhjl2L6DjXZf6/f+1+71bbFGUH0Uxtzt/H0AvvQ/c02mWvcTxCMSAuTJyqHPXOsUFrvoXWAKDT+phaEO/rAEVXvCjR+ZKmbbR3qC+530NDlDtGdRWdh1cK0PqHpYA7dU8qZwOtgXDO1bTAvRDFDUyYbzegpmVUi8mNCtt8ArQKj8vPSRJsA9RNPDfEsB20w3IK5ZaJ8uvAszdtooi4AneHhhzV8aBC4NClKLqqAxrdhiAFqJc+m08Or03U6Ysl2Sp5CeXS4jaqiZMC2EK7Qyy3OwnQQ6g7BPkmTuMqQlVqWuA377qEanLwBTgtt3mdRPtPFi/Bqa+de/QFRLrChOAdId0AAAAASUVORK5CYII=");

    private readonly WebApplication _app;

    private WeChatStandIn(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>Where it listens, to be used as <c>WeChat:ApiBaseUrl</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>Starts the stand-in on a free port of 127.0.0.1.</summary>
    public static async Task<WeChatStandIn> StartAsync(CancellationToken cancellationToken = default)
    {
        var used = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var sessionKeys = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var tokens = new ConcurrentDictionary<string, string>(StringComparer.Ordinal); // appid -> its access_token
        string? AppOf(string? token) => tokens.FirstOrDefault(t => t.Value == token).Key;
        var (app, baseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/sns/jscode2session", (string? js_code) => Handle(used, sessionKeys, js_code));
            app.MapPost("/cgi-bin/stable_token", async (HttpRequest request) =>
            {
                using var body = await System.Text.Json.JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
                var appId = body.RootElement.TryGetProperty("appid", out var a) ? a.GetString() ?? "" : "";
                var token = tokens.GetOrAdd(appId, _ => "dev-access-token-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
                return Results.Json(new { access_token = token, expires_in = 7200 });
            });
            app.MapPost("/wxa/business/getuserphonenumber", async (HttpRequest request, string? access_token) =>
            {
                using var body = await System.Text.Json.JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
                var code = body.RootElement.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
                var appId = AppOf(access_token);
                return appId is null ? Results.Json(new { errcode = 40001, errmsg = "invalid credential" })
                    : code.Length is < 6 or > 15 || !code.All(char.IsAsciiDigit) ? Results.Json(new { errcode = 40029, errmsg = "invalid code" })
                    : Results.Json(new
                    {
                        errcode = 0,
                        errmsg = "ok",
                        phone_info = new { phoneNumber = code, purePhoneNumber = code, countryCode = "86", watermark = new { timestamp = 0, appid = appId } },
                    });
            });
            // The risk rank is the digit after "risk" in the user's name (a code "risk3.1" is rank 3), else 0.
            app.MapPost("/wxa/getuserriskrank", async (HttpRequest request, string? access_token) =>
            {
                using var body = await System.Text.Json.JsonDocument.ParseAsync(request.Body).ConfigureAwait(false);
                var openId = body.RootElement.TryGetProperty("openid", out var o) ? o.GetString() ?? "" : "";
                var at = openId.IndexOf("risk", StringComparison.Ordinal);
                var rank = at >= 0 && at + 4 < openId.Length && openId[at + 4] is >= '0' and <= '4' ? openId[at + 4] - '0' : 0;
                return AppOf(access_token) is null ? Results.Json(new { errcode = 40001, errmsg = "invalid credential" })
                    : Results.Json(new { errcode = 0, errmsg = "getuserriskrank succ", risk_rank = rank, unoin_id = 0 });
            });
            // A Mini Program code: the same small PNG for every scene (a phone cannot scan it; the example page shows it).
            app.MapPost("/wxa/getwxacodeunlimit", (string? access_token) => AppOf(access_token) is null
                ? Results.Json(new { errcode = 40001, errmsg = "invalid credential" })
                : Results.Bytes(QrCodePng, "image/png"));
            app.MapGet("/wxa/checksession", (string? access_token, string? openid, string? signature) =>
                AppOf(access_token) is null ? Results.Json(new { errcode = 40001, errmsg = "invalid credential" })
                : openid is not null && sessionKeys.TryGetValue(openid, out var key)
                    && signature == Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Array.Empty<byte>()))
                    ? Results.Json(new { errcode = 0, errmsg = "ok" })
                    : Results.Json(new { errcode = 87009, errmsg = "invalid signature" }));
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new WeChatStandIn(app, baseUrl);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static IResult Handle(ConcurrentDictionary<string, byte> used, ConcurrentDictionary<string, string> sessionKeys, string? js_code)
    {
        var code = js_code ?? "";
        if (code.StartsWith("errcode.", StringComparison.Ordinal)
            && int.TryParse(code["errcode.".Length..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var errCode))
        {
            return Results.Json(new { errcode = errCode, errmsg = "dev stand-in error" });
        }

        if (code.Length is 0 or > 64 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            return Results.Json(new { errcode = 40029, errmsg = "invalid code" });
        }

        if (!used.TryAdd(code, 0))
        {
            return Results.Json(new { errcode = 40163, errmsg = "code been used" });
        }

        var user = code.Split('.')[0];
        var sessionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var unionId = "dev-union-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user)))[..16];
        sessionKeys["dev-openid-" + user] = sessionKey;
        return Results.Json(new Dictionary<string, object>
        {
            ["openid"] = "dev-openid-" + user,
            ["session_key"] = sessionKey,
            ["unionid"] = unionId,
        });
    }
}
