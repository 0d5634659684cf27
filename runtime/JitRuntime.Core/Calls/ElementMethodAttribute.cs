namespace JitRuntime.Calls;

/// <summary>
/// Marks a public method of an element Type as one of the Type's functions: what its elements may list in their
/// <c>functionList</c> and, once listed (or when they list none), what HTTP, MCP and <c>jit call</c> can reach under
/// <see cref="Name"/>. Methods without it are never reachable that way.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ElementMethodAttribute(string name) : Attribute
{
    /// <summary>The name callers use, as the element platform writes it (<c>getLoginCode</c>).</summary>
    public string Name { get; } = name;

    /// <summary>A human title for listings and API documents; the name when unset.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// JitAi's <c>loginRequired</c>, and like JitAi true by default: a remote caller needs a live session
    /// (<c>Authorization: Bearer</c>). An element may raise a function to 1 in its <c>functionList</c>, never lower it.
    /// </summary>
    public bool LoginRequired { get; init; } = true;

    /// <summary>A typical result as JSON (<c>{"bindCode": "...", "expiresIn": 300}</c>), for API documents; none when unset.</summary>
    public string? Example { get; init; }

    /// <summary>How remote calls of the function are rate-limited (<see cref="ElementRateLimit.PerClient"/> by default).</summary>
    public ElementRateLimit RateLimit { get; init; } = ElementRateLimit.PerClient;
}
