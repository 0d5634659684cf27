namespace JitRuntime.CommandLine;

/// <summary>How a verb prints: lines for people and logs, or one JSON document for scripts.</summary>
public enum OutputFormat
{
    /// <summary>One line per item.</summary>
    Text,

    /// <summary>One JSON document on standard output.</summary>
    Json,
}
