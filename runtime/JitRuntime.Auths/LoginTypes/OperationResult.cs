namespace JitRuntime.Auths.LoginTypes;

/// <summary>The answer of <c>bind</c> and <c>unbind</c>: <c>{ "success": true, "message": ... }</c>.</summary>
public sealed class OperationResult
{
    /// <summary>Always true: failures are exceptions with codes.</summary>
    public bool Success { get; init; } = true;

    /// <summary>What was done.</summary>
    public string Message { get; init; } = "";
}
