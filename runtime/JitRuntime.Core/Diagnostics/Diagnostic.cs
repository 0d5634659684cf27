using System.Globalization;

namespace JitRuntime.Diagnostics;

/// <summary>
/// One problem found while loading an app: where it is, a stable machine-readable code and a message that says
/// what is wrong and what is expected.
/// </summary>
/// <param name="Path">File path relative to the app folder, with forward slashes.</param>
/// <param name="Line">1-based line, or 0 when the problem concerns the whole file or folder.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
/// <param name="Code">A stable code from <see cref="DiagnosticCodes"/>.</param>
/// <param name="Severity">Whether the element can still be used.</param>
/// <param name="Message">What is wrong and what was expected. Never contains a configuration value.</param>
public sealed record Diagnostic(string Path, int Line, int Column, string Code, DiagnosticSeverity Severity, string Message)
{
    /// <summary>True for <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Creates an error diagnostic.</summary>
    public static Diagnostic Error(string path, int line, int column, string code, string message) =>
        new(path, line, column, code, DiagnosticSeverity.Error, message);

    /// <summary>Creates a warning diagnostic.</summary>
    public static Diagnostic Warning(string path, int line, int column, string code, string message) =>
        new(path, line, column, code, DiagnosticSeverity.Warning, message);

    /// <summary>The compiler-style line <c>FILE:LINE:COL: error CODE: message</c> that editors and CI logs understand.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Path}:{Line}:{Column}: {(IsError ? "error" : "warning")} {Code}: {Message}");
}
