using JitRuntime.Diagnostics;

namespace JitRuntime.Calls;

/// <summary>
/// A failure of an element function that its caller should see: a stable machine-readable <see cref="Code"/>, a
/// <see cref="Kind"/> hosts map to a status, a message safe to show (never a secret), and <see cref="Extensions"/>
/// that a family adds for its callers (WeChat's <c>errcode</c>, say), which hosts pass on without knowing the family.
/// </summary>
public class ElementCallException : JitRuntimeException
{
    private static readonly IReadOnlyDictionary<string, object?> NoExtensions = new Dictionary<string, object?>();

    /// <summary>Creates the exception.</summary>
    public ElementCallException(ElementErrorKind kind, string code, string message, Exception? innerException = null,
        IReadOnlyDictionary<string, object?>? extensions = null, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        Kind = kind;
        RetryAfter = retryAfter;
        Code = code;
        Extensions = extensions ?? NoExtensions;
    }

    /// <summary>What kind of failure this is.</summary>
    public ElementErrorKind Kind { get; }

    /// <summary>A stable code such as <c>bind_code_expired</c> that scripts and front ends match on.</summary>
    public string Code { get; }

    /// <summary>When the same call may succeed again (hosts send it as <c>Retry-After</c>); null when waiting would not help.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// More machine-readable members for the error answer (problem+json extensions), such as <c>errcode</c>. Values
    /// are shown to callers: never a secret. <c>code</c> is always <see cref="Code"/> and cannot be replaced here.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; }
}
