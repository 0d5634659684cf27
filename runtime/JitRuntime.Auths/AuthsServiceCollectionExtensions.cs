using JitRuntime.Auths;
using JitRuntime.Auths.LoginTypes;
using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Auths.Security;
using JitRuntime.Auths.Sessions;
using JitRuntime.Auths.Storage;
using JitRuntime.Auths.WeChat;
using JitRuntime.Databases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the auths element family.</summary>
public static class AuthsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>auths.loginTypes.Meta</c>, <c>auths.loginTypes.WeChatMiniType</c> and
    /// <c>auths.loginTypes.services.AuthSvcType</c> with what they need: the app database and its auths tables, the
    /// WeChat client (section <c>WeChat</c>), code lifetimes (section <c>Auths</c>) and the secrets module for session
    /// keys (<see cref="SecretsServiceCollectionExtensions.AddJitSecrets"/>).
    /// </summary>
    public static IServiceCollection AddAuthElements(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAuthElementTypes();
        services.AddDatabaseElements(configuration);
        AuthsMigrations.Register(services);
        services.TryAddSingleton(TimeProvider.System);

        var weChat = services.AddOptions<WeChatOptions>();
        var login = services.AddOptions<LoginOptions>();
        if (configuration is not null)
        {
            weChat.Bind(configuration.GetSection(WeChatOptions.SectionName));
            login.Bind(configuration.GetSection(LoginOptions.SectionName));
        }

        weChat.Validate(o => Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                "WeChat:ApiBaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(1), "WeChat:Timeout must be between 0 and 1 minute.")
            .Validate(o => o.MaxAttempts is >= 1 and <= 5, "WeChat:MaxAttempts must be 1 to 5.")
            .Validate(o => o.MaxResponseBytes is >= 1024 and <= 1024 * 1024, "WeChat:MaxResponseBytes must be 1 KiB to 1 MiB.")
            .Validate(o => o.AccessTokenRefreshAhead >= TimeSpan.Zero && o.AccessTokenRefreshAhead <= TimeSpan.FromMinutes(60),
                "WeChat:AccessTokenRefreshAhead must be between 0 and 60 minutes.")
            .Validate(o => o.PooledConnectionIdleTimeout > TimeSpan.Zero && o.PooledConnectionIdleTimeout <= TimeSpan.FromMinutes(5),
                "WeChat:PooledConnectionIdleTimeout must be between 0 and 5 minutes (and below WeChat's keep-alive timeout).");
        login.Validate(o => o.BindCodeLifetime > TimeSpan.Zero && o.LoginCodeLifetime > TimeSpan.Zero && o.SessionLifetime > TimeSpan.Zero,
            "Auths lifetimes must be positive.")
            .Validate(o => o.EndedRetention >= TimeSpan.FromMinutes(1), "Auths:EndedRetention must be at least 1 minute.");

        // The client manages its own per-attempt timeout; the factory's request logging would print the URL, whose query holds the secret.
        services.AddHttpClient<WeChatClient>((provider, client) =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.MaxResponseContentBufferSize = provider.GetRequiredService<IOptions<WeChatOptions>>().Value.MaxResponseBytes;
            })
            .UseSocketsHttpHandler((handler, provider) =>
                handler.PooledConnectionIdleTimeout = provider.GetRequiredService<IOptions<WeChatOptions>>().Value.PooledConnectionIdleTimeout)
            .RemoveAllLoggers();
        services.TryAddTransient<IWeChatSessionClient>(provider => provider.GetRequiredService<WeChatClient>());
        services.TryAddTransient<IWeChatServerApi>(provider => provider.GetRequiredService<WeChatClient>());
        services.TryAddSingleton<WeChatAccessTokens>();
        services.TryAddSingleton<PhoneNumberHasher>();
        services.TryAddSingleton<LoginFlow>();

        // Session keys, access_tokens and phone numbers are encrypted by the secrets module every family shares.
        services.AddJitSecrets(configuration);
        services.AddProblemExtension("errcode", "integer", "WeChat's errcode, when WeChat answered one");
        services.TryAddSingleton<SessionKeyProtector>();
        services.TryAddSingleton<JitRuntime.Calls.IElementCallerAuthenticator, SessionAuthenticator>();

        // The audit trail of every security-relevant call, and its pruning (which runs where a host runs hosted services).
        var audit = services.AddOptions<JitRuntime.Auths.Audit.AuditOptions>();
        if (configuration is not null)
        {
            audit.Bind(configuration.GetSection(JitRuntime.Auths.Audit.AuditOptions.SectionName));
        }

        audit.Validate(o => o.Retention > TimeSpan.Zero && o.PruneInterval >= TimeSpan.FromSeconds(1), "Audit:Retention must be positive and Audit:PruneInterval at least 1 s.");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<JitRuntime.Calls.IElementCallObserver, JitRuntime.Auths.Audit.AuditTrail>());
        services.TryAddSingleton<JitRuntime.Auths.Audit.AuditPruning>();
        services.AddHostedService(provider => provider.GetRequiredService<JitRuntime.Auths.Audit.AuditPruning>());
        return services;
    }

    /// <summary>
    /// Registers only what loading and validating an app needs of this family (<c>auths.loginTypes.Meta</c> and its
    /// Types, and the databases family's Types they depend on) and what it adds to the command line; not the WeChat client, Data Protection or storage
    /// their elements run on. What <c>jit validate</c> and <c>jit elements</c> use.
    /// </summary>
    public static IServiceCollection AddAuthElementTypes(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(service => service.ImplementationInstance is JitRuntime.Types.ElementTypeDescriptor { Name: ILoginType.MetaName }))
        {
            return services;
        }

        services.AddElementFamily("auths", typeof(ILoginType).Assembly);
        services.AddElementMeta<ILoginType>();
        services.AddElementType<WeChatMiniType>();
        services.AddPasswordLoginType();
        services.AddElementType<AuthSvcType>();
        services.AddDatabaseElementTypes();

        // What the family adds to the jit command line: `jit audit`, and `--dev-wechat` for the verbs that call elements.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<JitRuntime.CommandLine.ICommandLineVerb, JitRuntime.Auths.Audit.AuditVerb>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<JitRuntime.CommandLine.IDevelopmentStandIn, JitRuntime.Auths.Development.WeChatStandInOption>());
        return services;
    }
}
