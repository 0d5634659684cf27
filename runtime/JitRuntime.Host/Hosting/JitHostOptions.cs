namespace JitRuntime.Host.Hosting;

/// <summary>The HTTP host's own settings (configuration section <c>Host</c>, e.g. <c>JIT_Host__RateLimit__PermitLimit</c>).</summary>
public sealed class JitHostOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Host";

    /// <summary>Largest request body accepted, in bytes (larger: 413).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How long file events must be quiet before a reload (editors write a file in several steps).</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The longest a reload waits for quiet: files written all the time under <c>elements/</c> cannot hold edits back longer.</summary>
    public TimeSpan ReloadMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long replaced element instances are kept for requests still using them before they are disposed.</summary>
    public TimeSpan RetiredGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed.</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>
    /// Serve the OpenAPI document (<c>/openapi/v1.json</c>) and the reference page (<c>/scalar/</c>); true by default.
    /// A deployment that does not want its API described publicly sets <c>Host:ApiReference</c> to false.
    /// </summary>
    public bool ApiReference { get; set; } = true;

    /// <summary>Serve the element functions as MCP tools at <c>/mcp</c>; true by default (<c>Host:Mcp</c>).</summary>
    public bool Mcp { get; set; } = true;

    /// <summary>Per-client limit on element method calls.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>
    /// Proxies in front of the host (<c>Host:ForwardedHeaders:KnownProxies:0</c>, <c>...:KnownNetworks:0</c>). Only requests
    /// from them have their forwarded client address and scheme applied (the rate limit and the logs then see the real
    /// client); from anyone else the headers are ignored. None configured: the headers are ignored from everyone.
    /// </summary>
    public sealed class ForwardedHeadersSettings
    {
        /// <summary>Proxy addresses, such as <c>10.0.0.5</c>.</summary>
        public List<string> KnownProxies { get; set; } = [];

        /// <summary>Proxy networks in CIDR notation, such as <c>10.0.0.0/24</c>.</summary>
        public List<string> KnownNetworks { get; set; } = [];
    }

    /// <summary>A fixed window per client IP address.</summary>
    public sealed class RateLimitOptions
    {
        /// <summary>Calls one client may make per window.</summary>
        public int PermitLimit { get; set; } = 60;

        /// <summary>The window.</summary>
        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    }
}
