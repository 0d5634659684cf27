using JitRuntime.Diagnostics;

namespace JitRuntime.Calls;

/// <summary>
/// A failure of an element method that its caller should see: a stable machine-readable <see cref="Code"/>, a
/// <see cref="Kind"/> hosts map to a status, and a message safe to show (never a secret).
/// </summary>
public class ElementCallException : JitRuntimeException
{
    /// <summary>Creates the exception.</summary>
    public ElementCallException(ElementErrorKind kind, string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Code = code;
    }

    /// <summary>What kind of failure this is.</summary>
    public ElementErrorKind Kind { get; }

    /// <summary>A stable code such as <c>bind_code_expired</c> that scripts and front ends match on.</summary>
    public string Code { get; }
}
