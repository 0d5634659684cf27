namespace JitRuntime.Diagnostics;

/// <summary>Thrown by <c>GetElement&lt;T&gt;</c> when the element's instance is not a <c>T</c>.</summary>
public sealed class ElementTypeMismatchException : JitRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public ElementTypeMismatchException(string fullName, Type expected, Type actual)
        : base($"Element '{fullName}' is a {actual.FullName}, not a {expected.FullName}.")
    {
        FullName = fullName;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The element that was asked for.</summary>
    public string FullName { get; }

    /// <summary>The type the caller asked for.</summary>
    public Type Expected { get; }

    /// <summary>The type of the element's instance.</summary>
    public Type Actual { get; }
}
