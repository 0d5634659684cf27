using System.Globalization;
using System.Text;
using JitRuntime.Diagnostics;

namespace JitRuntime.Host.Cli.Reports;

/// <summary>
/// GitHub Actions workflow commands: <c>::error file=F,line=L,col=C,title=CODE::message</c>, which the runner turns into
/// annotations on the files. GitHub wants paths relative to the repository, which is where CI runs from, so paths are
/// made relative to the current directory.
/// </summary>
internal static class GitHubReport
{
    public static async Task WriteAsync(ValidationReport report, TextWriter output)
    {
        var workingDirectory = Directory.GetCurrentDirectory();
        foreach (var diagnostic in report.Shown)
        {
            var file = Path.GetRelativePath(workingDirectory, Path.GetFullPath(Path.Combine(report.AppDirectory, diagnostic.Path)))
                .Replace(Path.DirectorySeparatorChar, '/');
            var properties = new StringBuilder("file=").Append(EscapeProperty(file));
            if (diagnostic.Line > 0)
            {
                properties.Append(CultureInfo.InvariantCulture, $",line={diagnostic.Line}");
                if (diagnostic.Column > 0)
                {
                    properties.Append(CultureInfo.InvariantCulture, $",col={diagnostic.Column}");
                }
            }

            properties.Append(",title=").Append(EscapeProperty(diagnostic.Code));
            await output.WriteLineAsync($"::{(diagnostic.IsError ? "error" : "warning")} {properties}::{EscapeData(diagnostic.Message)}");
        }
    }

    // The runner's escaping rules: '%', CR and LF in the message; also ':' and ',' in property values.
    private static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
