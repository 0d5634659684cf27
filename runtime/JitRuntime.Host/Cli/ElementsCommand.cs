using JitRuntime.CommandLine;
using System.CommandLine;
using JitRuntime.Apps;
using JitRuntime.Elements;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary><c>jit elements [DIR] [--format text|json]</c>: lists fullName, type, title and status.</summary>
internal static class ElementsCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.AppDirectoryArgument();
        var format = CommonOptions.FormatOption();
        var command = new Command("elements", "List an app's elements with their type, title and status.")
        {
            directory,
            format,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(CommonOptions.Resolve(parse.GetValue(directory)), parse.GetValue(format) ?? OutputFormat.Text, parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string appDirectory, OutputFormat format, TextWriter output, CancellationToken cancellationToken)
    {
        await using var services = JitServices.BuildForCommand(appDirectory, LogLevel.None, inspectOnly: true);
        await using var app = await services.GetRequiredService<JitAppLoader>().LoadAsync(appDirectory, cancellationToken);
        if (format == OutputFormat.Json)
        {
            await output.WriteLineAsync(CliJson.Serialize(app.Elements.Select(e => new
            {
                fullName = e.FullName,
                type = e.TypeName,
                title = e.Title,
                status = e.Status == ElementStatus.Ready ? "ready" : "broken",
                role = e.Role == ElementRole.Type ? "type" : "instance",
                accessModifier = e.Access.ToString().ToLowerInvariant(),
                functionList = e.FunctionList.Select(HttpApi.ElementListing.Function),
                path = e.DeclarationPath,
                diagnostics = e.Diagnostics.Select(d => d.ToString()),
            })));
            return 0;
        }

        var rows = app.Elements.Select(e => (e.FullName, Type: e.TypeName ?? "-", Title: e.Title ?? "-",
            Status: e.Status == ElementStatus.Ready ? "ready" : $"broken: {e.Diagnostics.First(d => d.IsError)}")).ToList();
        var nameWidth = rows.Select(r => r.FullName.Length).Append("FULLNAME".Length).Max();
        var typeWidth = rows.Select(r => r.Type.Length).Append("TYPE".Length).Max();
        var titleWidth = rows.Select(r => r.Title.Length).Append("TITLE".Length).Max();
        await output.WriteLineAsync($"{"FULLNAME".PadRight(nameWidth)}  {"TYPE".PadRight(typeWidth)}  {"TITLE".PadRight(titleWidth)}  STATUS");
        foreach (var row in rows)
        {
            await output.WriteLineAsync($"{row.FullName.PadRight(nameWidth)}  {row.Type.PadRight(typeWidth)}  {row.Title.PadRight(titleWidth)}  {row.Status}");
        }

        return 0;
    }
}
