using System.Globalization;
using System.Net;
using System.Text.Json;
using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Auths.WeChat;

/// <summary>
/// WeChat's server APIs over real HTTP: code2session, the stable access_token, the phone number and the session-key
/// check. Every call is bounded in time and size; only <c>-1</c> (system busy) is retried, with a short doubling
/// backoff, because that is the one error WeChat says to retry. Nothing it logs or throws holds the appSecret, the
/// session key or the access_token (URLs carry them in their query: they are never logged).
/// </summary>
public sealed partial class WeChatClient(HttpClient http, IOptionsMonitor<WeChatOptions> options, TimeProvider time, ILogger<WeChatClient> logger)
    : IWeChatSessionClient, IWeChatServerApi
{
    /// <inheritdoc />
    public async Task<WeChatSession> Code2SessionAsync(string appId, string appSecret, string code, CancellationToken cancellationToken = default)
    {
        var url = Url($"/sns/jscode2session?appid={Uri.EscapeDataString(appId)}&secret={Uri.EscapeDataString(appSecret)}" +
                      $"&js_code={Uri.EscapeDataString(code)}&grant_type=authorization_code");
        var root = await SendAsync("jscode2session", appId, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken).ConfigureAwait(false);
        var openId = ReadString(root, "openid", 128);
        var sessionKey = ReadString(root, "session_key", 128);
        if (openId is null || sessionKey is null)
        {
            throw BadResponse(appId, "WeChat's answer had no openid or session_key");
        }

        return new WeChatSession(openId, ReadString(root, "unionid", 128), new WeChatSessionKey(sessionKey));
    }

    /// <inheritdoc />
    public async Task<WeChatAccessToken> GetStableTokenAsync(string appId, string appSecret, bool forceRefresh, CancellationToken cancellationToken = default)
    {
        var root = await SendAsync("stable_token", appId, PostJson(Url("/cgi-bin/stable_token"), new Dictionary<string, object>
        {
            ["grant_type"] = "client_credential",
            ["appid"] = appId,
            ["secret"] = appSecret,
            ["force_refresh"] = forceRefresh,
        }), cancellationToken).ConfigureAwait(false);
        var token = ReadString(root, "access_token", 2048);
        if (token is null || !root.TryGetProperty("expires_in", out var expiresIn) || !expiresIn.TryGetInt32(out var seconds) || seconds <= 0)
        {
            throw BadResponse(appId, "WeChat's stable_token answer had no access_token or expires_in");
        }

        return new WeChatAccessToken(token, TimeSpan.FromSeconds(seconds));
    }

    /// <inheritdoc />
    public async Task<WeChatPhoneNumber> GetUserPhoneNumberAsync(string appId, string accessToken, string code, string openId, CancellationToken cancellationToken = default)
    {
        var root = await SendAsync("getuserphonenumber", appId, PostJson(Url($"/wxa/business/getuserphonenumber?access_token={Uri.EscapeDataString(accessToken)}"),
            new Dictionary<string, object> { ["code"] = code, ["openid"] = openId }), cancellationToken).ConfigureAwait(false);
        if (!root.TryGetProperty("phone_info", out var info) || info.ValueKind != JsonValueKind.Object
            || ReadString(info, "phoneNumber", 32) is not { } phoneNumber || ReadString(info, "purePhoneNumber", 32) is not { } purePhoneNumber
            || ReadString(info, "countryCode", 8) is not { } countryCode)
        {
            throw BadResponse(appId, "WeChat's getuserphonenumber answer had no phone_info");
        }

        var watermarkAppId = info.TryGetProperty("watermark", out var watermark) && watermark.ValueKind == JsonValueKind.Object
            ? ReadString(watermark, "appid", 64)
            : null;
        return new WeChatPhoneNumber(phoneNumber, purePhoneNumber, countryCode, watermarkAppId);
    }

    /// <inheritdoc />
    public async Task<int> GetUserRiskRankAsync(string appId, string accessToken, string openId, int scene, string? clientIp, CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, object> { ["appid"] = appId, ["openid"] = openId, ["scene"] = scene };
        if (clientIp is not null)
        {
            body["client_ip"] = clientIp;
        }

        var root = await SendAsync("getuserriskrank", appId, PostJson(Url($"/wxa/getuserriskrank?access_token={Uri.EscapeDataString(accessToken)}"), body), cancellationToken)
            .ConfigureAwait(false);
        return root.TryGetProperty("risk_rank", out var rank) && rank.ValueKind == JsonValueKind.Number && rank.TryGetInt32(out var value) && value is >= 0 and <= 4
            ? value
            : throw BadResponse(appId, "WeChat's getuserriskrank answer had no risk_rank from 0 to 4");
    }

    /// <inheritdoc />
    public Task<byte[]> GetUnlimitedQrCodeAsync(string appId, string accessToken, string scene, string page, bool checkPath, string envVersion, int width,
        CancellationToken cancellationToken = default) =>
        SendAsync("getwxacodeunlimit", appId, PostJson(Url($"/wxa/getwxacodeunlimit?access_token={Uri.EscapeDataString(accessToken)}"),
            new Dictionary<string, object> { ["scene"] = scene, ["page"] = page, ["check_path"] = checkPath, ["env_version"] = envVersion, ["width"] = width }),
            (body, mediaType) =>
            {
                // An image on success; an error is JSON (with HTTP 200), which Parse turns into the typed error.
                if (body.AsSpan().StartsWith(PngSignature))
                {
                    return body;
                }

                Parse("getwxacodeunlimit", appId, body);
                throw BadResponse(appId, $"WeChat's getwxacodeunlimit answer was neither a PNG nor an error ({mediaType ?? "no content type"})");
            }, cancellationToken);

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <inheritdoc />
    public async Task CheckSessionAsync(string appId, string accessToken, string openId, string signature, CancellationToken cancellationToken = default)
    {
        var url = Url($"/wxa/checksession?access_token={Uri.EscapeDataString(accessToken)}&openid={Uri.EscapeDataString(openId)}" +
                      $"&signature={Uri.EscapeDataString(signature)}&sig_method=hmac_sha256");
        await SendAsync("checksession", appId, () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An API address under <c>WeChat:ApiBaseUrl</c>.</summary>
    private string Url(string pathAndQuery) => options.CurrentValue.ApiBaseUrl.TrimEnd('/') + pathAndQuery;

    /// <summary>A POST of <paramref name="body"/> as JSON, made anew for each attempt (a request message is sent once).</summary>
    private static Func<HttpRequestMessage> PostJson(string url, Dictionary<string, object> body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        return () => new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } } };
    }

    /// <summary>Sends one request (again after <c>-1</c>, bounded) and returns WeChat's answer once its errcode is 0.</summary>
    private Task<JsonElement> SendAsync(string endpoint, string appId, Func<HttpRequestMessage> request, CancellationToken cancellationToken) =>
        SendAsync(endpoint, appId, request, (body, _) => Parse(endpoint, appId, body), cancellationToken);

    /// <summary>
    /// The same for an API that answers bytes on success (an image) and a JSON error otherwise: <paramref name="read"/>
    /// gets the body and its media type.
    /// </summary>
    private async Task<T> SendAsync<T>(string endpoint, string appId, Func<HttpRequestMessage> request, Func<byte[], string?, T> read, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var delay = settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(settings, endpoint, appId, request, read, cancellationToken).ConfigureAwait(false);
            }
            catch (WeChatException ex) when (ex.ErrCode == -1 && attempt < settings.MaxAttempts)
            {
                LogBusy(endpoint, appId, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }

    private async Task<T> SendOnceAsync<T>(WeChatOptions settings, string endpoint, string appId, Func<HttpRequestMessage> request, Func<byte[], string?, T> read,
        CancellationToken cancellationToken)
    {
        // The span and the metrics name the endpoint and WeChat's errcode (or how the call failed), never the URL: its
        // query holds the secret, the code or the access_token.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = JitTelemetry.Source.StartActivity("wechat " + endpoint, System.Diagnostics.ActivityKind.Client);
        var result = "0";
        try
        {
            return await SendAndReadAsync(settings, endpoint, appId, request, read, cancellationToken).ConfigureAwait(false);
        }
        catch (WeChatException ex)
        {
            result = ex.ErrCode is { } errCode ? errCode.ToString(CultureInfo.InvariantCulture) : ex.Code;
            throw;
        }
        catch (OperationCanceledException)
        {
            result = "canceled";
            throw;
        }
        finally
        {
            var tags = new System.Diagnostics.TagList { { "wechat.endpoint", endpoint }, { "wechat.errcode", result } };
            AuthsTelemetry.WeChatRequests.Add(1, tags);
            AuthsTelemetry.WeChatRequestDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag("wechat.endpoint", endpoint).SetTag("wechat.errcode", result)
                .SetStatus(result == "0" ? System.Diagnostics.ActivityStatusCode.Ok : System.Diagnostics.ActivityStatusCode.Error);
        }
    }

    private async Task<T> SendAndReadAsync<T>(WeChatOptions settings, string endpoint, string appId, Func<HttpRequestMessage> request,
        Func<byte[], string?, T> read, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        byte[] body;
        HttpStatusCode status;
        string? mediaType;
        try
        {
            // The whole answer is buffered under the client's MaxResponseContentBufferSize (WeChat:MaxResponseBytes).
            using var message = request();
            using var response = await http.SendAsync(message, timeout.Token).ConfigureAwait(false);
            status = response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(endpoint, appId, "timeout");
            throw new WeChatException(ElementErrorKind.UpstreamTimeout, "wechat_timeout",
                $"WeChat did not answer within {settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; try again");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            LogFailed(endpoint, appId, "response too large");
            throw new WeChatException(ElementErrorKind.UpstreamError, "wechat_bad_response",
                $"WeChat's answer was larger than {http.MaxResponseContentBufferSize} bytes");
        }
        catch (HttpRequestException ex)
        {
            // The exception text can carry the request URI, which holds the secret: keep only its category.
            LogFailed(endpoint, appId, ex.HttpRequestError.ToString());
            throw new WeChatException(ElementErrorKind.UpstreamUnavailable, "wechat_unreachable",
                $"WeChat could not be reached ({ex.HttpRequestError}); try again later");
        }

        if (status != HttpStatusCode.OK)
        {
            LogFailed(endpoint, appId, $"HTTP {(int)status}");
            throw new WeChatException(status == HttpStatusCode.TooManyRequests ? ElementErrorKind.UpstreamUnavailable : ElementErrorKind.UpstreamError,
                "wechat_bad_status", $"WeChat answered HTTP {(int)status} instead of 200");
        }

        return read(body, mediaType);
    }

    /// <summary>WeChat answers errors with HTTP 200, sometimes as text/plain, and may omit errcode on success.</summary>
    private JsonElement Parse(string endpoint, string appId, byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("not an object");
            }

            var errCode = ReadErrCode(root);
            if (errCode is null)
            {
                LogFailed(endpoint, appId, "unreadable errcode");
                throw new WeChatException(ElementErrorKind.UpstreamError, "wechat_bad_response", "WeChat's errcode was not a number");
            }

            if (errCode != 0)
            {
                LogErrCode(endpoint, appId, errCode.Value);
                throw WeChatException.FromErrCode(errCode.Value, ReadString(root, "errmsg", 1000));
            }

            return root.Clone();
        }
        catch (JsonException)
        {
            LogFailed(endpoint, appId, "not JSON");
            throw new WeChatException(ElementErrorKind.UpstreamError, "wechat_bad_response", "WeChat's answer was not a JSON object");
        }
    }

    private WeChatException BadResponse(string appId, string message)
    {
        LogFailed("answer", appId, message);
        return new WeChatException(ElementErrorKind.UpstreamError, "wechat_bad_response", message);
    }

    private static int? ReadErrCode(JsonElement root)
    {
        if (!root.TryGetProperty("errcode", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    private static string? ReadString(JsonElement root, string name, int maxLength) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text && text.Length <= maxLength
            ? text
            : null;

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "WeChat {Endpoint} for {AppId} is busy (-1); attempt {Attempt} failed, retrying in {DelayMs} ms")]
    private partial void LogBusy(string endpoint, string appId, int attempt, double delayMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "WeChat {Endpoint} for {AppId} failed: {Reason}")]
    private partial void LogFailed(string endpoint, string appId, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "WeChat {Endpoint} for {AppId} answered errcode {ErrCode}")]
    private partial void LogErrCode(string endpoint, string appId, int errCode);
}
