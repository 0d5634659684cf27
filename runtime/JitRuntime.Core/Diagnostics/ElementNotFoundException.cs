namespace JitRuntime.Diagnostics;

/// <summary>Thrown by <c>GetElement</c> for a fullName the app does not have; suggests close names.</summary>
public sealed class ElementNotFoundException : JitRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public ElementNotFoundException(string fullName, IReadOnlyList<string> suggestions)
        : base(BuildMessage(fullName, suggestions))
    {
        FullName = fullName;
        Suggestions = suggestions;
    }

    /// <summary>The name that was asked for.</summary>
    public string FullName { get; }

    /// <summary>Loaded fullNames close to <see cref="FullName"/>, closest first.</summary>
    public IReadOnlyList<string> Suggestions { get; }

    private static string BuildMessage(string fullName, IReadOnlyList<string> suggestions) =>
        suggestions.Count == 0
            ? $"No element named '{Elements.ElementName.ForDisplay(fullName)}'."
            : $"No element named '{Elements.ElementName.ForDisplay(fullName)}'. Did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?";
}
