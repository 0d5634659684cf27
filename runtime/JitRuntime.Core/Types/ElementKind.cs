namespace JitRuntime.Types;

/// <summary>The level a registered C# type sits at.</summary>
public enum ElementKind
{
    /// <summary>A family (<c>auths.loginTypes.Meta</c>): what every member is. Not instantiable.</summary>
    Meta,

    /// <summary>An implementation of a Meta (<c>auths.loginTypes.WeChatMiniType</c>): instances are created from it.</summary>
    Type,
}
