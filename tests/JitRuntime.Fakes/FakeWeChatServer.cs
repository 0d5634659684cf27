using System.Collections.Concurrent;
using System.Security.Cryptography;
using JitRuntime.Auths.Development;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JitRuntime.Fakes;

/// <summary>
/// A WeChat stand-in on 127.0.0.1 that speaks code2session as documented: codes are single use (40163 on reuse),
/// unknown codes are 40029, a wrong appid or secret is 40013 or 40125, errors come with HTTP 200 (sometimes as
/// text/plain, sometimes with errcode as a string), and success may omit errcode. Scripted codes answer any error,
/// busy spells, slow or garbage answers, other statuses, or a reset connection.
/// </summary>
public sealed partial class FakeWeChatServer : IAsyncDisposable
{
    public const string AppId = "wx00112233aabbccdd";
    public const string AppSecret = "fake-app-secret-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Issued> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<int, HttpContext, Task>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _sessionKeys = [];

    private FakeWeChatServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private init; } = "";

    /// <summary>Every session key handed out, for the leak checks.</summary>
    public IReadOnlyCollection<string> SessionKeysIssued => _sessionKeys;

    public int TotalRequests => _requests.Values.Sum();

    public static async Task<FakeWeChatServer> StartAsync()
    {
        FakeWeChatServer? server = null;
        var (app, baseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/sns/jscode2session", (HttpContext context) => server!.HandleAsync(context));
            app.MapPost("/cgi-bin/stable_token", (HttpContext context) => server!.StableTokenAsync(context));
            app.MapPost("/wxa/business/getuserphonenumber", (HttpContext context) => server!.PhoneNumberAsync(context));
            app.MapGet("/wxa/checksession", (HttpContext context) => server!.CheckSessionAsync(context));
            app.MapPost("/wxa/getuserriskrank", (HttpContext context) => server!.RiskRankAsync(context));
            app.MapPost("/wxa/getwxacodeunlimit", (HttpContext context) => server!.QrCodeAsync(context));
        });
        server = new FakeWeChatServer(app) { BaseUrl = baseUrl };
        return server;
    }

    /// <summary>A fresh wx.login code for <paramref name="openId"/>, with a fresh session key (WeChat rotates it on every login).</summary>
    public string IssueCode(string openId, string? unionId = null)
    {
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var sessionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        _sessionKeys.Add(sessionKey);
        _codes[code] = new Issued(openId, unionId, sessionKey);
        return code;
    }

    /// <summary>The session key WeChat handed out with <paramref name="code"/>.</summary>
    public string SessionKeyOf(string code) => _codes[code].SessionKey;

    /// <summary>Makes <paramref name="code"/> answer with <paramref name="respond"/>, given how many times it was asked before.</summary>
    public string Script(Func<int, HttpContext, Task> respond)
    {
        var code = "scripted" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        _scripts[code] = respond;
        return code;
    }

    /// <summary>A code that answers errcode <paramref name="errCode"/> with HTTP 200.</summary>
    public string ErrorCode(int errCode, bool textPlain = false, bool errCodeAsString = false) => Script((_, context) =>
        WriteAsync(context, errCodeAsString
            ? $$"""{"errcode":"{{errCode}}","errmsg":"fake error {{errCode}}"}"""
            : $$"""{"errcode":{{errCode}},"errmsg":"fake error {{errCode}}"}""", textPlain ? "text/plain" : "application/json"));

    /// <summary>A code for <paramref name="openId"/> that answers -1 (busy) <paramref name="busyTimes"/> times before succeeding.</summary>
    public string BusyThenSucceed(int busyTimes, string openId)
    {
        var real = IssueCode(openId);
        return Script((attempt, context) => attempt < busyTimes
            ? WriteAsync(context, """{"errcode":-1,"errmsg":"system error"}""")
            : RespondIssuedAsync(context, real));
    }

    public int RequestsFor(string code) => _requests.GetValueOrDefault(code);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        string code = query["js_code"].ToString();
        var attempt = _requests.AddOrUpdate(code, 1, (_, n) => n + 1) - 1;
        if (query["appid"] != AppId)
        {
            await WriteAsync(context, """{"errcode":40013,"errmsg":"invalid appid"}""");
            return;
        }

        if (query["secret"] != AppSecret)
        {
            await WriteAsync(context, """{"errcode":40125,"errmsg":"invalid appsecret"}""", "text/plain");
            return;
        }

        if (query["grant_type"] != "authorization_code")
        {
            await WriteAsync(context, """{"errcode":40002,"errmsg":"invalid grant_type"}""");
            return;
        }

        if (_scripts.TryGetValue(code, out var script))
        {
            await script(attempt, context);
            return;
        }

        await RespondIssuedAsync(context, code);
    }

    private Task RespondIssuedAsync(HttpContext context, string code)
    {
        if (!_codes.TryGetValue(code, out var issued))
        {
            return WriteAsync(context, """{"errcode":40029,"errmsg":"invalid code"}""");
        }

        if (Interlocked.Exchange(ref issued.Used, 1) == 1)
        {
            return WriteAsync(context, """{"errcode":40163,"errmsg":"code been used"}""");
        }

        _currentSessionKeys[issued.OpenId] = issued.SessionKey;

        // Success sometimes carries errcode 0 and sometimes no errcode at all: both are real.
        var union = issued.UnionId is null ? "" : $",\"unionid\":\"{issued.UnionId}\"";
        var errcode = issued.UnionId is null ? "" : "\"errcode\":0,";
        return WriteAsync(context, $$"""{{{errcode}}"session_key":"{{issued.SessionKey}}","openid":"{{issued.OpenId}}"{{union}}}""");
    }

    public static Task WriteAsync(HttpContext context, string body, string contentType = "application/json", int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    }

    private sealed class Issued(string openId, string? unionId, string sessionKey)
    {
        public string OpenId { get; } = openId;

        public string? UnionId { get; } = unionId;

        public string SessionKey { get; } = sessionKey;

        public int Used;
    }
}
