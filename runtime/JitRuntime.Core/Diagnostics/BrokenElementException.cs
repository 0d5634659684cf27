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

    /// <summary>An element whose only fault is configuration read from environment variables that are not set: says which to set.</summary>
    internal static BrokenElementException ForUnsetVariables(string fullName, IReadOnlyList<Loading.UnsetVariable> unset)
    {
        var names = unset.Select(u => u.Name).Distinct(StringComparer.Ordinal).ToList();
        var message = $"Element '{fullName}' cannot be created until environment variable{(names.Count == 1 ? "" : "s")} " +
            $"{string.Join(", ", names)} {(names.Count == 1 ? "is" : "are")} set: " +
            string.Join("; ", unset.Select(u => $"'{u.SettingPath}' in {u.Diagnostic.Path}:{u.Diagnostic.Line}:{u.Diagnostic.Column} reads {u.Name}"));
        return new BrokenElementException(fullName, unset.Select(u => u.Diagnostic).ToList(), message);
    }

    private BrokenElementException(string fullName, IReadOnlyList<Diagnostic> diagnostics, string message)
        : base(message)
    {
        FullName = fullName;
        Diagnostics = diagnostics;
    }

    private static string BuildMessage(string fullName, IReadOnlyList<Diagnostic> diagnostics) =>
        $"Element '{fullName}' is broken:{Environment.NewLine}" +
        string.Join(Environment.NewLine, diagnostics.Select(d => "  " + d));
}
