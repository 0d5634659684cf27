namespace JitRuntime.Host.Cli.Reports;

/// <summary>How <c>jit validate</c> prints its diagnostics: for people, for scripts, or for a CI system.</summary>
public enum ReportFormat
{
    /// <summary><c>FILE:LINE:COL: error CODE: message</c>, one per line, the compilers' format.</summary>
    Text,

    /// <summary>One JSON document with the counts and every diagnostic.</summary>
    Json,

    /// <summary>SARIF 2.1.0, which code-scanning services show inline.</summary>
    Sarif,

    /// <summary>GitHub Actions workflow commands (<c>::error file=...,line=...,col=...::message</c>), shown as annotations.</summary>
    Github,
}
