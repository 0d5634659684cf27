namespace JitRuntime.Calls;

/// <summary>
/// One function of an element's declared interface (JitAi's <c>functionList</c> entry): what callers may call, with
/// which arguments, and whether it needs a session.
/// </summary>
/// <param name="Name">The name callers use (<c>getLoginCode</c>).</param>
/// <param name="Title">A human title.</param>
/// <param name="Args">The arguments, in the Type's order.</param>
/// <param name="ReturnType">The JitAi dataType of the result (<c>JitDict</c>), or null when it returns nothing.</param>
/// <param name="LoginRequired">True when a remote caller needs a live session.</param>
/// <param name="RateLimit">How a host limits remote calls of it.</param>
public sealed record ElementFunction(
    string Name,
    string Title,
    IReadOnlyList<ElementFunctionArg> Args,
    string? ReturnType,
    bool LoginRequired,
    ElementRateLimit RateLimit)
{
    /// <summary>The C# type of the result (the <c>T</c> of <c>Task&lt;T&gt;</c>), or null when the function returns nothing; its JSON Schema is <see cref="FunctionJsonSchema.Result"/>.</summary>
    public Type? ResultType { get; init; }

    /// <summary>A typical result as JSON text, from the Type's <see cref="ElementMethodAttribute.Example"/>; null when it gives none.</summary>
    public string? ResultExample { get; init; }

    /// <summary>The arguments as error messages list them: <c>code (Stext, required), corp (Stext)</c>.</summary>
    public string Signature => Args.Count == 0
        ? "no arguments"
        : string.Join(", ", Args.Select(a => $"{a.Name} ({a.DataType}{(a.MaxLen is { } max ? $" of at most {max} characters" : "")}{(a.Required ? ", required" : "")})"));

    /// <summary>The argument named <paramref name="name"/>, or null.</summary>
    public ElementFunctionArg? FindArg(string name)
    {
        foreach (var arg in Args)
        {
            if (arg.Name == name)
            {
                return arg;
            }
        }

        return null;
    }
}

/// <summary>One argument of an <see cref="ElementFunction"/>.</summary>
/// <param name="Name">The name callers use in the JSON object of arguments.</param>
/// <param name="Title">A human title.</param>
/// <param name="DataType">JitAi's dataType (<see cref="ElementDataTypes"/>).</param>
/// <param name="Required">False when the function has a default for it.</param>
/// <param name="MaxLen">For text, the most characters accepted; null when unbounded (the body limit still applies).</param>
public sealed record ElementFunctionArg(string Name, string Title, string DataType, bool Required, int? MaxLen);
