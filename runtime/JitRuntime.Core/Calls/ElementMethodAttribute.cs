namespace JitRuntime.Calls;

/// <summary>
/// Marks a public method of an element Type as callable from outside (HTTP, <c>jit call</c>) under
/// <see cref="Name"/>. Methods without it are never reachable that way.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ElementMethodAttribute(string name) : Attribute
{
    /// <summary>The name callers use, as the element platform writes it (<c>getLoginCode</c>).</summary>
    public string Name { get; } = name;

    /// <summary>
    /// The argument naming the user the call acts for (<c>userId</c>), when there is one: a remote caller must then
    /// present a live session of that very user. Trusted callers (C#, <c>jit call</c>) are not asked.
    /// </summary>
    public string? UserArgument { get; init; }
}
