using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The one composition point of the element families this distribution ships: the host, the command line and
/// scripts register them through it. A new family is one more line here.
/// </summary>
public static class JitElementFamilies
{
    /// <summary>Registers the runtime core and every shipped family (databases, the secrets module, auths) with what their elements run on, configured from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddJitElementFamilies(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddJitElementTypes(configuration);
        services.AddDatabaseElements(configuration);
        services.AddJitSecrets(configuration);
        services.AddAuthElements(configuration);
        return services;
    }

    /// <summary>
    /// Registers the runtime core and the element Types of every shipped family, without the services their elements
    /// run on (databases, the WeChat client, Data Protection): enough to load, validate and list an app, and quicker to
    /// start, which is what <c>jit validate</c> and <c>jit elements</c> use.
    /// </summary>
    public static IServiceCollection AddJitElementTypes(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddJitRuntime();

        // "settings": { "Validation": { "Strict": true } } makes unknown keys errors for every load of the app.
        services.Configure<JitRuntime.JitRuntimeOptions>(options => options.StrictKeys |= configuration.GetValue("Validation:Strict", false));
        services.AddDatabaseElementTypes();
        services.AddAuthElementTypes();
        return services;
    }
}
