using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The one composition point of the element families this distribution ships: the host, the command line and
/// scripts register them through it. A new family is one more line in <see cref="Shipped"/>.
/// </summary>
public static class JitElementFamilies
{
    /// <summary>
    /// The shipped families and modules, one line each: what loading and validating an app needs of it (its Types and
    /// what it adds to the command line), and everything its elements run on.
    /// </summary>
    private static readonly Family[] Shipped =
    [
        new(services => services.AddDatabaseElementTypes(), (services, configuration) => services.AddDatabaseElements(configuration)),
        new(_ => { }, (services, configuration) => services.AddJitSecrets(configuration)),
        new(services => services.AddAuthElementTypes(), (services, configuration) => services.AddAuthElements(configuration)),
    ];

    /// <summary>Registers the runtime core and every shipped family (databases, the secrets module, auths) with what their elements run on, configured from <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddJitElementFamilies(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddJitElementTypes(configuration);
        foreach (var family in Shipped)
        {
            family.Everything(services, configuration);
        }

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
        foreach (var family in Shipped)
        {
            family.Types(services);
        }

        return services;
    }

    /// <summary>A family's two registrations: its Types alone, and everything.</summary>
    private readonly record struct Family(Action<IServiceCollection> Types, Action<IServiceCollection, IConfiguration> Everything);
}
