using System.Globalization;
using JitRuntime.Diagnostics;

namespace JitRuntime.Host.Cli.Reports;

/// <summary>
/// What one <c>jit validate</c> found, and the part of it that is printed: at most <see cref="Shown"/> diagnostics, so
/// that an app with thousands of problems still gives a report that fits a screen. Counts cover every diagnostic.
/// </summary>
internal sealed class ValidationReport
{
    public ValidationReport(string appDirectory, string? appName, int elements, IReadOnlyList<Diagnostic> diagnostics, int? maxDiagnostics)
    {
        AppDirectory = appDirectory;
        AppName = appName;
        Elements = elements;
        All = diagnostics;
        Errors = diagnostics.Count(d => d.IsError);
        Shown = maxDiagnostics is { } max && max < diagnostics.Count ? diagnostics.Take(max).ToList() : diagnostics;
    }

    /// <summary>The app folder; diagnostic paths are relative to it.</summary>
    public string AppDirectory { get; }

    public string? AppName { get; }

    public int Elements { get; }

    public IReadOnlyList<Diagnostic> All { get; }

    public IReadOnlyList<Diagnostic> Shown { get; }

    public int Errors { get; }

    public int Warnings => All.Count - Errors;

    public int NotShown => All.Count - Shown.Count;

    /// <summary>
    /// One line: the counts, what was left out, and for many diagnostics the most frequent codes, which usually point at
    /// the one mistake repeated everywhere.
    /// </summary>
    public string Summary()
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{Elements} elements, {Errors} errors, {Warnings} warnings");
        if (NotShown > 0)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"; {Shown.Count} shown, {NotShown} more not shown (--max-diagnostics)");
        }

        if (All.Count > 10)
        {
            var top = All.GroupBy(d => d.Code, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(3)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} x{g.Count()}"));
            line += "; most frequent: " + string.Join(", ", top);
        }

        return line;
    }
}
