using System.Globalization;
using System.Net;
using System.Text.Json;
using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Auths.WeChat;

/// <summary>
/// code2session over real HTTP. Every call is bounded in time and size; only <c>-1</c> (system busy) is retried,
/// with a short doubling backoff, because that is the one error WeChat says to retry. Nothing it logs or throws
/// holds the appSecret or the session key.
/// </summary>
public sealed partial class WeChatSessionClient(HttpClient http, IOptionsMonitor<WeChatOptions> options, TimeProvider time, ILogger<WeChatSessionClient> logger)
    : IWeChatSessionClient
{
    /// <inheritdoc />
    public async Task<WeChatSession> Code2SessionAsync(string appId, string appSecret, string code, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var delay = settings.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(settings, appId, appSecret, code, cancellationToken).ConfigureAwait(false);
            }
            catch (WeChatException ex) when (ex.ErrCode == -1 && attempt < settings.MaxAttempts)
            {
                LogBusy(appId, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }

    private async Task<WeChatSession> SendOnceAsync(WeChatOptions settings, string appId, string appSecret, string code, CancellationToken cancellationToken)
    {
        // The span and the metrics name the endpoint and WeChat's errcode (or how the call failed), never the URL: its
        // query holds the secret and the code.
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = JitTelemetry.Source.StartActivity("wechat jscode2session", System.Diagnostics.ActivityKind.Client);
        var result = "0";
        try
        {
            return await SendAndParseAsync(settings, appId, appSecret, code, cancellationToken).ConfigureAwait(false);
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
            var tags = new System.Diagnostics.TagList { { "wechat.endpoint", "jscode2session" }, { "wechat.errcode", result } };
            JitTelemetry.WeChatRequests.Add(1, tags);
            JitTelemetry.WeChatRequestDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag("wechat.endpoint", "jscode2session").SetTag("wechat.errcode", result)
                .SetStatus(result == "0" ? System.Diagnostics.ActivityStatusCode.Ok : System.Diagnostics.ActivityStatusCode.Error);
        }
    }

    private async Task<WeChatSession> SendAndParseAsync(WeChatOptions settings, string appId, string appSecret, string code, CancellationToken cancellationToken)
    {
        var url = $"{settings.ApiBaseUrl.TrimEnd('/')}/sns/jscode2session?appid={Uri.EscapeDataString(appId)}" +
                  $"&secret={Uri.EscapeDataString(appSecret)}&js_code={Uri.EscapeDataString(code)}&grant_type=authorization_code";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        byte[] body;
        HttpStatusCode status;
        try
        {
            // The whole answer is buffered under the client's MaxResponseContentBufferSize (WeChat:MaxResponseBytes).
            using var response = await http.GetAsync(new Uri(url), timeout.Token).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(appId, "timeout");
            throw new WeChatException(ElementErrorKind.UpstreamTimeout, "wechat_timeout",
                $"WeChat did not answer within {settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; try again");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            LogFailed(appId, "response too large");
            throw new WeChatException(ElementErrorKind.UpstreamError, "wechat_bad_response",
                $"WeChat's answer was larger than {http.MaxResponseContentBufferSize} bytes");
        }
        catch (HttpRequestException ex)
        {
            // The exception text can carry the request URI, which holds the secret: keep only its category.
            LogFailed(appId, ex.HttpRequestError.ToString());
            throw new WeChatException(ElementErrorKind.UpstreamUnavailable, "wechat_unreachable",
                $"WeChat could not be reached ({ex.HttpRequestError}); try again later");
        }

        if (status != HttpStatusCode.OK)
        {
            LogFailed(appId, $"HTTP {(int)status}");
            throw new WeChatException(status == HttpStatusCode.TooManyRequests ? ElementErrorKind.UpstreamUnavailable : ElementErrorKind.UpstreamError,
                "wechat_bad_status", $"WeChat answered HTTP {(int)status} instead of 200");
        }

        return Parse(appId, body);
    }

    /// <summary>WeChat answers errors with HTTP 200, sometimes as text/plain, and may omit errcode on success.</summary>
    private WeChatSession Parse(string appId, byte[] body)
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
                LogFailed(appId, "unreadable errcode");
                throw new WeChatException(ElementErrorKind.UpstreamError, "wechat_bad_response", "WeChat's errcode was not a number");
            }

            if (errCode != 0)
            {
                LogErrCode(appId, errCode.Value);
                throw WeChatException.FromErrCode(errCode.Value, ReadString(root, "errmsg", 1000));
            }

            var openId = ReadString(root, "openid", 128);
            var sessionKey = ReadString(root, "session_key", 128);
            if (openId is null || sessionKey is null)
            {
                LogFailed(appId, "openid or session_key missing");
                throw new WeChatException(ElementErrorKind.UpstreamError, "wechat_bad_response", "WeChat's answer had no openid or session_key");
            }

            return new WeChatSession(openId, ReadString(root, "unionid", 128), new WeChatSessionKey(sessionKey));
        }
        catch (JsonException)
        {
            LogFailed(appId, "not JSON");
            throw new WeChatException(ElementErrorKind.UpstreamError, "wechat_bad_response", "WeChat's answer was not a JSON object");
        }
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

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "WeChat code2session for {AppId} is busy (-1); attempt {Attempt} failed, retrying in {DelayMs} ms")]
    private partial void LogBusy(string appId, int attempt, double delayMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "WeChat code2session for {AppId} failed: {Reason}")]
    private partial void LogFailed(string appId, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "WeChat code2session for {AppId} answered errcode {ErrCode}")]
    private partial void LogErrCode(string appId, int errCode);
}
