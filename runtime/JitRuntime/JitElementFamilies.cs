using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The one composition point of the element families this distribution ships: the host, the command line and
/// scripts register them through it. A new family is one more line here.
/// </summary>
public static class JitElementFamilies
{
    /// <summary>Registers the runtime core and every shipped family (databases, auths), configured from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddJitElementFamilies(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddJitRuntime();

        // "settings": { "Validation": { "Strict": true } } makes unknown keys errors for every load of the app.
        services.Configure<JitRuntime.JitRuntimeOptions>(options => options.StrictKeys |= configuration.GetValue("Validation:Strict", false));
        services.AddDatabaseElements(configuration);
        services.AddAuthElements(configuration);
        return services;
    }
}
