namespace JitRuntime.Auths.Audit;

/// <summary>
/// Declares, where an element function is declared, that the audit trail records it: its success as
/// <see cref="Event"/> (when set), and every refusal of a call (a used or expired code, wrong credentials, a locked
/// account, no session or another user's, a conflict) as <c>refused</c> with the function and the code. A malformed
/// argument and a failure of WeChat or of the app's storage are errors, not refusals, and are not recorded.
/// </summary>
/// <param name="successEvent">The event a success is recorded as (<c>registered</c>, <c>bind</c>); null to record only refusals.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AuditedAttribute(string? successEvent = null) : Attribute
{
    /// <summary>The event a success is recorded as; null when only refusals are.</summary>
    public string? Event { get; } = successEvent;
}
