namespace JitRuntime.Auths;

/// <summary>Lifetimes of the login family's codes and sessions (configuration section <c>Auths</c>).</summary>
public sealed class LoginOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Auths";

    /// <summary>How long a new user's bindCode can be redeemed by <c>register</c>: 5 minutes.</summary>
    public TimeSpan BindCodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a loginCode can be redeemed by <c>loginByCode</c>.</summary>
    public TimeSpan LoginCodeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a scan-to-log-in ticket (<c>createScanLogin</c>) can be scanned, confirmed and collected: 5 minutes.</summary>
    public TimeSpan ScanLoginLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a session token lives unless the AuthSvc element declares otherwise.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a code or session that ended (used, expired, logged out) is kept before it is deleted: while it is kept,
    /// a second redemption is told "used" or "expired" rather than "unknown". The one retention of ended codes and
    /// sessions, for the purge at each new bindCode and the background pruning alike (default 1 day).
    /// </summary>
    public TimeSpan EndedRetention { get; set; } = TimeSpan.FromDays(1);
}
