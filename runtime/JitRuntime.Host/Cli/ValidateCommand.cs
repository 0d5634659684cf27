using System.CommandLine;
using JitRuntime.Apps;
using JitRuntime.Diagnostics;
using JitRuntime.Host.Cli.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary>
/// <c>jit validate [DIR] [--format text|json|sarif|github] [--max-diagnostics N] [--strict]</c>: checks every element; exit 0 clean,
/// 1 errors, 2 usage. The exit code counts every diagnostic, also those not printed.
/// </summary>
internal static class ValidateCommand
{
    public const int Clean = 0;
    public const int HasErrors = 1;

    public static Command Create()
    {
        var directory = CommonOptions.AppDirectoryArgument();
        var format = CommonOptions.Choice<ReportFormat>("--format",
            "text (the default): FILE:LINE:COL lines; json: one document; sarif: SARIF 2.1.0 for code scanning; github: GitHub Actions annotations.");
        var maxDiagnostics = new Option<int?>("--max-diagnostics")
        {
            Description = "Print at most N diagnostics (the summary still counts them all).",
        };
        maxDiagnostics.Validators.Add(result =>
        {
            // Only a number can be negative; anything else is left to the parser's own "cannot parse" error.
            if (result.Tokens is [{ } token] && int.TryParse(token.Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && value < 0)
            {
                result.AddError("--max-diagnostics must be 0 or more.");
            }
        });
        var strict = new Option<bool>("--strict")
        {
            Description = "Unknown keys (JIT045) are errors, not warnings.",
        };
        var command = new Command("validate", "Check every element of an app against the schemas; report every problem in one pass.")
        {
            directory,
            format,
            maxDiagnostics,
            strict,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(CommonOptions.Resolve(parse.GetValue(directory)), parse.GetValue(format) ?? ReportFormat.Text, parse.GetValue(maxDiagnostics),
                parse.GetValue(strict), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string appDirectory, ReportFormat format, int? maxDiagnostics, bool strict, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        await using var services = JitServices.BuildForCommand(appDirectory, LogLevel.None, options => options.StrictKeys |= strict, inspectOnly: true);
        await using var app = await services.GetRequiredService<JitAppLoader>().LoadAsync(appDirectory, cancellationToken);
        var report = new ValidationReport(app.Directory, app.Manifest?.Name, app.Elements.Count, app.Diagnostics, maxDiagnostics);
        switch (format)
        {
            case ReportFormat.Json:
                await WriteJsonAsync(report, output);
                break;
            case ReportFormat.Sarif:
                await SarifReport.WriteAsync(report, output);
                await error.WriteLineAsync(report.Summary());
                break;
            case ReportFormat.Github:
                await GitHubReport.WriteAsync(report, output);
                await error.WriteLineAsync(report.Summary());
                break;
            default:
                foreach (var diagnostic in report.Shown)
                {
                    await output.WriteLineAsync(diagnostic.ToString());
                }

                await error.WriteLineAsync(report.Summary());
                break;
        }

        return report.Errors > 0 ? HasErrors : Clean;
    }

    private static Task WriteJsonAsync(ValidationReport report, TextWriter output) =>
        output.WriteLineAsync(CliJson.Serialize(new
        {
            app = report.AppName,
            elements = report.Elements,
            errors = report.Errors,
            warnings = report.Warnings,
            notShown = report.NotShown,
            diagnostics = report.Shown.Select(d => new
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
