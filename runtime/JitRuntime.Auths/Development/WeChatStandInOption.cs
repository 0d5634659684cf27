using JitRuntime.CommandLine;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Auths.Development;

/// <summary>
/// <c>--dev-wechat</c>, for the verbs that call elements (<c>run</c>, <c>call</c>): starts the local WeChat stand-in on
/// 127.0.0.1 and points the app's WeChat calls at it, with a DEVELOPMENT ONLY warning in the log.
/// </summary>
internal sealed partial class WeChatStandInOption : IDevelopmentStandIn
{
    /// <summary>The configuration key the stand-in's address goes to.</summary>
    public const string ApiBaseUrlKey = "WeChat:ApiBaseUrl";

    public string OptionName => "--dev-wechat";

    public string Description => "DEVELOPMENT ONLY: start a local WeChat stand-in on 127.0.0.1 and send WeChat's calls there, to try the login flow without WeChat.";

    public async Task<IStartedStandIn> StartAsync(CancellationToken cancellationToken) =>
        new Started(await WeChatStandIn.StartAsync(cancellationToken).ConfigureAwait(false));

    [LoggerMessage(EventId = 430, Level = LogLevel.Warning,
        Message = "DEVELOPMENT ONLY: WeChat code2session goes to the local stand-in at {StandIn}, which trusts any appid and secret. Never use --dev-wechat in production.")]
    private static partial void LogStandIn(ILogger logger, string standIn);

    /// <summary>Where <c>jit run --dev-wechat</c> serves the scan-to-log-in example PC page.</summary>
    public const string ScanLoginPagePath = "/dev/scan-login";

    private sealed class Started(WeChatStandIn standIn) : IStartedStandIn
    {
        public IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { [ApiBaseUrlKey] = standIn.BaseUrl };

        public IReadOnlyList<DevelopmentPage> Pages { get; } = [new(ScanLoginPagePath, "text/html; charset=utf-8", ReadPage())];

        private static byte[] ReadPage()
        {
            using var stream = typeof(WeChatStandInOption).Assembly.GetManifestResourceStream("JitRuntime.Auths.Development.scan-login.html")
                ?? throw new InvalidOperationException("the scan-to-log-in page is not embedded");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        // Under the category JitRuntime.Development, which the operating docs list (and log filters may name).
        public void Warn(ILoggerFactory loggers) => LogStandIn(loggers.CreateLogger("JitRuntime.Development"), standIn.BaseUrl);

        public ValueTask DisposeAsync() => standIn.DisposeAsync();
    }
}
