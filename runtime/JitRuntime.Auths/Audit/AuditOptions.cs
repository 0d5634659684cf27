namespace JitRuntime.Auths.Audit;

/// <summary>The audit trail (configuration section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Audit";

    /// <summary>How long entries are kept; older ones are deleted in the background (default 90 days).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often the background pruning runs (default hourly).</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}
