namespace JitRuntime.Types;

/// <summary>Marks the contract (usually an interface) of an element family, registered with <c>AddElementMeta&lt;T&gt;()</c>.</summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Class, Inherited = false)]
public sealed class ElementMetaAttribute(string name) : Attribute
{
    /// <summary>The Meta's fullName (<c>auths.loginTypes.Meta</c>).</summary>
    public string Name { get; } = name;
}
