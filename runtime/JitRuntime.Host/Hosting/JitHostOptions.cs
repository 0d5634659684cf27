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

    /// <summary>Per-client limit on element method calls.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>A fixed window per client IP address.</summary>
    public sealed class RateLimitOptions
    {
        /// <summary>Calls one client may make per window.</summary>
        public int PermitLimit { get; set; } = 60;

        /// <summary>The window.</summary>
        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
    }
}
