namespace JitRuntime.Elements;

/// <summary>JitAi's <c>accessModifier</c>: how an element of a parent app is seen by the apps that extend it.</summary>
public enum ElementAccess
{
    /// <summary>The default: inherited by child apps, which may override it.</summary>
    Public,

    /// <summary>Inherited by child apps, which may not override it (an override is an error naming both files).</summary>
    Protected,

    /// <summary>Its own app only: a child app neither inherits it nor can name or call it.</summary>
    Private,
}
