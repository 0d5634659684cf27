namespace JitRuntime.Auths.Audit;

/// <summary>One row of the audit trail (<c>auth_audit</c>).</summary>
public sealed class AuditEntry
{
    /// <summary>Its position in the trail.</summary>
    public long Id { get; init; }

    /// <summary>When, in Unix milliseconds (UTC).</summary>
    public long At { get; init; }

    /// <summary>What: <c>registered</c>, <c>login</c>, <c>logout</c>, <c>bind</c>, <c>unbind</c>, or <c>refused</c>.</summary>
    public string Event { get; init; } = "";

    /// <summary>The element called (a login element, or the login service).</summary>
    public string? LoginElement { get; init; }

    /// <summary>The user, where known.</summary>
    public long? UserId { get; init; }

    /// <summary>The client's address as the host saw it; null for trusted callers (<c>jit call</c>, C#).</summary>
    public string? Client { get; init; }

    /// <summary><c>ok</c>, or for <c>refused</c> the function and the code the caller got (<c>register:bind_code_used</c>).</summary>
    public string Outcome { get; init; } = "";
}
