namespace JitRuntime.Types;

/// <summary>
/// Marks a class as the implementation of an element Type, so that
/// <c>services.AddElementType&lt;T&gt;()</c> can register it without repeating its name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ElementTypeAttribute(string name) : Attribute
{
    /// <summary>The Type's fullName (<c>auths.loginTypes.WeChatMiniType</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The Meta the Type belongs to (<c>auths.loginTypes.Meta</c>).</summary>
    public string? Meta { get; init; }

    /// <summary>Schema file for <c>e.json</c> in <c>schemas/</c>.</summary>
    public string? DeclarationSchema { get; init; }

    /// <summary>Schema file for the business configuration in <c>schemas/</c>.</summary>
    public string? ConfigurationSchema { get; init; }
}
