namespace JitRuntime.Calls;

/// <summary>One ended element method call, as observers see it.</summary>
/// <param name="Element">The element's fullName.</param>
/// <param name="Function">The method's name as callers use it (<c>register</c>).</param>
/// <param name="ElementType">The element's C# type, so that an observer can tell the families apart.</param>
/// <param name="Outcome"><c>ok</c>, or the error code the caller got.</param>
/// <param name="Caller">Who called.</param>
/// <param name="Arguments">The bound arguments by parameter name. They can hold one-time codes: read what you need, store none.</param>
/// <param name="Result">The method's result when it succeeded.</param>
public sealed record ElementCallRecord(
    string Element,
    string Function,
    Type ElementType,
    string Outcome,
    ElementCaller Caller,
    IReadOnlyDictionary<string, object?> Arguments,
    object? Result)
{
    /// <summary>The C# method that ran, so that an observer can read what its family declared on it (an attribute).</summary>
    public System.Reflection.MethodInfo? Method { get; init; }

    /// <summary>What the call threw when it failed (<see cref="Outcome"/> is its code); null when it succeeded.</summary>
    public Exception? Error { get; init; }
}
