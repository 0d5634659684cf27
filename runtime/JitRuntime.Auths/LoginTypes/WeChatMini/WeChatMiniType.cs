using JitRuntime.Elements;
using JitRuntime.Types;

namespace JitRuntime.Auths.LoginTypes.WeChatMini;

/// <summary>
/// WeChat Mini Program login (<c>auths.loginTypes.WeChatMiniType</c>). An element of this type is configured with
/// <c>allowRegister</c> in its <c>e.json</c> and <c>authConfig</c> in its business configuration.
/// </summary>
[ElementType(TypeName, Meta = ILoginType.MetaName,
    DeclarationSchema = TypeName + ".element.schema.json",
    ConfigurationSchema = TypeName + ".config.schema.json")]
public sealed class WeChatMiniType : ILoginType
{
    /// <summary>The Type's fullName.</summary>
    public const string TypeName = "auths.loginTypes.WeChatMiniType";

    /// <summary>Binds the element's declaration and configuration.</summary>
    public WeChatMiniType(ElementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Bind<WeChatMiniSettings>();
        FullName = context.FullName;
        Title = context.Title;
        AllowRegister = settings.AllowRegister;
        AuthConfig = settings.AuthConfig;
    }

    /// <inheritdoc />
    public string FullName { get; }

    /// <inheritdoc />
    public string Title { get; }

    /// <summary>1 when an unknown WeChat user may register (gets a bindCode); 0 (the default) when refused.</summary>
    public int AllowRegister { get; }

    /// <summary>The Mini Program's AppID and AppSecret.</summary>
    public WeChatAuthConfig AuthConfig { get; }
}
