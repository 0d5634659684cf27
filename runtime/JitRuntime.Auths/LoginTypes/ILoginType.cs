using JitRuntime.Types;

namespace JitRuntime.Auths.LoginTypes;

/// <summary>
/// The login family (<c>auths.loginTypes.Meta</c>): what every login type is. Each Type of the family
/// (<c>auths.loginTypes.WeChatMiniType</c>, ...) implements it.
/// </summary>
[ElementMeta(MetaName)]
public interface ILoginType
{
    /// <summary>The Meta's fullName.</summary>
    public const string MetaName = "auths.loginTypes.Meta";

    /// <summary>The login element's fullName (<c>auths.loginTypes.myWeChatMiniLogin</c>).</summary>
    string FullName { get; }

    /// <summary>The login element's title.</summary>
    string Title { get; }
}
