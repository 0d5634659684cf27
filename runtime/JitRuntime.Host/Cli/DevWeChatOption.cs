using System.CommandLine;
using JitRuntime.Development;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary>
/// <c>--dev-wechat</c>, for the verbs that call elements (<c>run</c>, <c>call</c>): starts the local WeChat stand-in on
/// 127.0.0.1 and points the app's WeChat calls at it, with a DEVELOPMENT ONLY warning in the log.
/// </summary>
internal static partial class DevWeChatOption
{
    /// <summary>The configuration key the stand-in's address goes to.</summary>
    public const string ApiBaseUrlKey = "WeChat:ApiBaseUrl";

    public static Option<bool> Create() => new("--dev-wechat")
    {
        Description = "DEVELOPMENT ONLY: start a local WeChat stand-in on 127.0.0.1 and send WeChat's calls there, to try the login flow without WeChat.",
    };

    /// <summary>Starts the stand-in when asked for and adds its address to <paramref name="settings"/>; null when not asked for.</summary>
    public static async Task<WeChatStandIn?> StartAsync(bool requested, IDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        if (!requested)
        {
            return null;
        }

        var standIn = await WeChatStandIn.StartAsync(cancellationToken).ConfigureAwait(false);
        settings[ApiBaseUrlKey] = standIn.BaseUrl;
        return standIn;
    }

    /// <summary>The warning, under the category <c>JitRuntime.Development</c>.</summary>
    public static void Warn(ILoggerFactory loggers, WeChatStandIn standIn) => LogStandIn(loggers.CreateLogger("JitRuntime.Development"), standIn.BaseUrl);

    [LoggerMessage(EventId = 430, Level = LogLevel.Warning,
        Message = "DEVELOPMENT ONLY: WeChat code2session goes to the local stand-in at {StandIn}, which trusts any appid and secret. Never use --dev-wechat in production.")]
    private static partial void LogStandIn(ILogger logger, string standIn);
}
