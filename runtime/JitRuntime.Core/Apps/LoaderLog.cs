using JitRuntime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Apps;

/// <summary>The loader's log messages (source-generated: no cost when the level is off).</summary>
internal static partial class LoaderLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Loaded app {App} from {Directory}: {Ready} elements ready, {Broken} broken, {DiagnosticCount} diagnostics")]
    public static partial void Loaded(ILogger logger, string app, string directory, int ready, int broken, int diagnosticCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Diagnostic}")]
    public static partial void Error(ILogger logger, Diagnostic diagnostic);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Diagnostic}")]
    public static partial void Warning(ILogger logger, Diagnostic diagnostic);
}
