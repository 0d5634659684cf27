namespace JitRuntime.Diagnostics;

/// <summary>Thrown by <c>GetElement</c> for an element that failed validation; carries its diagnostics.</summary>
public sealed class BrokenElementException : JitRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public BrokenElementException(string fullName, IReadOnlyList<Diagnostic> diagnostics)
        : base(BuildMessage(fullName, diagnostics))
    {
        FullName = fullName;
        Diagnostics = diagnostics;
    }

    /// <summary>The element that was asked for.</summary>
    public string FullName { get; }

    /// <summary>Every diagnostic that keeps the element from loading.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    private static string BuildMessage(string fullName, IReadOnlyList<Diagnostic> diagnostics) =>
        $"Element '{fullName}' is broken:{Environment.NewLine}" +
        string.Join(Environment.NewLine, diagnostics.Select(d => "  " + d));
}
