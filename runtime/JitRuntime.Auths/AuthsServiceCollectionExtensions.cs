using JitRuntime.Auths.LoginTypes;
using JitRuntime.Auths.LoginTypes.WeChatMini;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the auths element family.</summary>
public static class AuthsServiceCollectionExtensions
{
    /// <summary>Registers <c>auths.loginTypes.Meta</c> and <c>auths.loginTypes.WeChatMiniType</c>.</summary>
    public static IServiceCollection AddAuthElements(this IServiceCollection services)
    {
        services.AddElementMeta<ILoginType>();
        services.AddElementType<WeChatMiniType>();
        return services;
    }
}
