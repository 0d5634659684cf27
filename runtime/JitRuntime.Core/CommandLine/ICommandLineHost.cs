using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.CommandLine;

/// <summary>What the <c>jit</c> command line gives a family's verb: the options every verb spells alike, and the app's services.</summary>
public interface ICommandLineHost
{
    /// <summary><c>--app DIR</c>: the app folder, the current directory when not given (see <see cref="ResolveApp"/>).</summary>
    Option<DirectoryInfo?> AppOption();

    /// <summary><c>--format text|json</c>; null when not given, which means text.</summary>
    Option<OutputFormat?> FormatOption();

    /// <summary>The app folder <see cref="AppOption"/> named, or the current directory.</summary>
    string ResolveApp(DirectoryInfo? directory);

    /// <summary>The app's services for one verb (configuration, every family), logging to standard error at or above <paramref name="minimumLevel"/>.</summary>
    ServiceProvider BuildServices(string appDirectory, LogLevel minimumLevel);

    /// <summary>A JSON document as the listing verbs print it: the HTTP API's names, indented for people.</summary>
    string ToJson<T>(T value);
}
