using Microsoft.Extensions.Logging;

namespace JitRuntime.CommandLine;

/// <summary>
/// DEVELOPMENT ONLY. A local stand-in for an outside service a family calls (WeChat's API), offered by the verbs that
/// call elements (<c>jit run</c>, <c>jit call</c>) as an option of its own (<c>--dev-wechat</c>). A host that starts one
/// runs in the Development environment and logs the stand-in's warning.
/// </summary>
public interface IDevelopmentStandIn
{
    /// <summary>The option that starts it (<c>--dev-wechat</c>).</summary>
    string OptionName { get; }

    /// <summary>The option's help text.</summary>
    string Description { get; }

    /// <summary>Starts the stand-in on a loopback address.</summary>
    Task<IStartedStandIn> StartAsync(CancellationToken cancellationToken);
}

/// <summary>A running stand-in: the configuration that points the family at it; disposing it stops it.</summary>
public interface IStartedStandIn : IAsyncDisposable
{
    /// <summary>Configuration that wins over the app's (<c>WeChat:ApiBaseUrl</c>).</summary>
    IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Logs the DEVELOPMENT ONLY warning, once the host's logging is up.</summary>
    void Warn(ILoggerFactory loggers);

    /// <summary>Pages the host serves beside the app while the stand-in runs (none by default).</summary>
    IReadOnlyList<DevelopmentPage> Pages => [];
}
