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
}
