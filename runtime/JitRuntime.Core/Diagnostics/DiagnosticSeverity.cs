namespace JitRuntime.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth fixing, but the element still loads.</summary>
    Warning,

    /// <summary>The element cannot be used until it is fixed.</summary>
    Error,
}
