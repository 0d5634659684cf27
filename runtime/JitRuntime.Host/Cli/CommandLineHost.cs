using System.CommandLine;
using JitRuntime.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary>What the command line hands the families' verbs: its shared options and the services of an app for one verb.</summary>
internal sealed class CommandLineHost : ICommandLineHost
{
    public static CommandLineHost Instance { get; } = new();

    public Option<DirectoryInfo?> AppOption() => CommonOptions.AppOption();

    public Option<OutputFormat?> FormatOption() => CommonOptions.FormatOption();

    public string ResolveApp(DirectoryInfo? directory) => CommonOptions.Resolve(directory);

    public ServiceProvider BuildServices(string appDirectory, LogLevel minimumLevel) => JitServices.BuildForCommand(appDirectory, minimumLevel);

    public string ToJson<T>(T value) => CliJson.Serialize(value);
}
