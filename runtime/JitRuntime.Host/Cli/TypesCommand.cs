using JitRuntime.CommandLine;
using System.CommandLine;
using JitRuntime.Apps;
using JitRuntime.Host.Authoring;
using JitRuntime.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary>
/// <c>jit types [DIR] [--format text|json]</c>: every Meta and Type an app can name — the registered C# ones and the
/// Type elements on disk (its own and its parents') — with title, Meta, schema files, whether a business configuration
/// is required, and the Type's functions: what <c>jit new</c> takes.
/// </summary>
internal static class TypesCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.AppDirectoryArgument();
        var format = CommonOptions.FormatOption();
        var command = new Command("types", "List every Meta and Type the app can name, with their schemas and functions.") { directory, format };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(CommonOptions.Resolve(parse.GetValue(directory)), parse.GetValue(format) ?? OutputFormat.Text, parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string appDirectory, OutputFormat format, TextWriter output, CancellationToken cancellationToken)
    {
        await using var services = JitServices.BuildForCommand(appDirectory, LogLevel.None, inspectOnly: true);
        await using var app = await services.GetRequiredService<JitAppLoader>().LoadAsync(appDirectory, cancellationToken);
        var types = TypeCatalog.List(app, services.GetRequiredService<ElementTypeRegistry>());
        if (format == OutputFormat.Json)
        {
            await output.WriteLineAsync(CliJson.Serialize(types));
            return 0;
        }

        var width = types.Select(t => t.Name.Length).Append("NAME".Length).Max();
        await output.WriteLineAsync($"{"NAME".PadRight(width)}  {"KIND",-4}  {"META",-22}  TITLE / FUNCTIONS");
        foreach (var type in types)
        {
            var functions = type.Functions.Count > 0 ? $" ({string.Join(", ", type.Functions.Select(f => f.Name))})" : "";
            await output.WriteLineAsync($"{type.Name.PadRight(width)}  {type.Kind,-4}  {type.Meta ?? "-",-22}  {type.Title ?? "-"}{functions}" +
                (type.ConfigurationRequired ? " [needs a configuration]" : ""));
        }

        return 0;
    }
}
