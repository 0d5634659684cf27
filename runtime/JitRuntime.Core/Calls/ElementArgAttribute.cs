namespace JitRuntime.Calls;

/// <summary>Describes a function argument beyond what its C# type says: a title, a JitAi dataType, a length limit.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class ElementArgAttribute : Attribute
{
    /// <summary>A human title for listings and API documents; the name when unset.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// The JitAi dataType when the C# type allows more than one (<see cref="ElementDataTypes.Ltext"/> for a long
    /// string); otherwise the one the C# type maps to.
    /// </summary>
    public string? DataType { get; init; }

    /// <summary>The most characters a text argument takes (<see cref="ElementDataTypes.Stext"/> defaults to 255); 0 keeps the default.</summary>
    public int MaxLen { get; init; }
}
