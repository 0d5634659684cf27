namespace JitRuntime.Host.Cli;

/// <summary>How <c>jit run</c> writes its log (<c>--log-format</c>).</summary>
public enum LogFormat
{
    /// <summary>One line per event, for people.</summary>
    Text,

    /// <summary>One JSON object per line (timestamp, event id, level, category, message and its values), for log shippers.</summary>
    Json,
}
