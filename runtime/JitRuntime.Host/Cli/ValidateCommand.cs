using System.CommandLine;
using JitRuntime.Apps;
using JitRuntime.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary><c>jit validate [DIR] [--format text|json]</c>: checks every element; exit 0 clean, 1 errors, 2 usage.</summary>
internal static class ValidateCommand
{
    public const int Clean = 0;
    public const int HasErrors = 1;

    public static Command Create()
    {
        var directory = CommonOptions.AppDirectoryArgument();
        var format = CommonOptions.FormatOption();
        var command = new Command("validate", "Check every element of an app against the schemas; report every problem in one pass.")
        {
            directory,
            format,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(CommonOptions.Resolve(parse.GetValue(directory)), parse.GetValue(format), parse.InvocationConfiguration.Output,
                parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string appDirectory, OutputFormat format, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var services = JitServices.BuildForCommand(appDirectory, LogLevel.None);
        await using var app = await services.GetRequiredService<JitAppLoader>().LoadAsync(appDirectory, cancellationToken);
        var errors = app.Diagnostics.Count(d => d.IsError);
        var warnings = app.Diagnostics.Count - errors;
        if (format == OutputFormat.Json)
        {
            await output.WriteLineAsync(CliJson.Serialize(new
            {
                app = app.Manifest?.Name,
                elements = app.Elements.Count,
                errors,
                warnings,
                diagnostics = app.Diagnostics.Select(d => new
                {
                    path = d.Path,
                    line = d.Line,
                    column = d.Column,
                    severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning",
                    code = d.Code,
                    message = d.Message,
                }),
            }));
        }
        else
        {
            foreach (var diagnostic in app.Diagnostics)
            {
                await output.WriteLineAsync(diagnostic.ToString());
            }

            await error.WriteLineAsync($"{app.Elements.Count} elements, {errors} errors, {warnings} warnings");
        }

        return errors > 0 ? HasErrors : Clean;
    }
}
