using System.Reflection;
using JitRuntime;
using JitRuntime.Apps;
using JitRuntime.Schemas;
using JitRuntime.Types;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the JitRuntime core and element types in an <see cref="IServiceCollection"/>.</summary>
public static class JitRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the loader (<see cref="JitAppLoader"/>), the type registry, the schema store and the dispatch (<see cref="JitRuntime.Calls.ElementDispatcher"/>).</summary>
    public static IServiceCollection AddJitRuntime(this IServiceCollection services, Action<JitRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<JitRuntimeOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ElementTypeRegistry(sp.GetServices<ElementTypeDescriptor>()));
        services.TryAddSingleton(sp => new SchemaStore(sp.GetRequiredService<IOptions<JitRuntimeOptions>>().Value.SchemaDirectory));
        services.TryAddSingleton<CurrentApp>();
        services.TryAddSingleton<JitAppLoader>();
        services.TryAddSingleton<JitRuntime.Calls.ElementDispatcher>();
        return services;
    }

    /// <summary>
    /// Declares the element family <paramref name="name"/> whose code is <paramref name="assembly"/> (once; a family that
    /// another family needs may be added by both).
    /// </summary>
    public static IServiceCollection AddElementFamily(this IServiceCollection services, string name, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(assembly);
        if (!services.Any(service => service.ImplementationInstance is JitRuntime.Composition.ElementFamily family && family.Name == name))
        {
            services.AddSingleton(new JitRuntime.Composition.ElementFamily(name, assembly));
        }

        return services;
    }

    /// <summary>Declares a member the family adds to the problem details of its refusals (see <see cref="JitRuntime.Composition.ProblemExtension"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="jsonType"/> is not <c>string</c>, <c>integer</c>, <c>number</c> or <c>boolean</c>.</exception>
    public static IServiceCollection AddProblemExtension(this IServiceCollection services, string name, string jsonType, string description)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(description);
        if (jsonType is not ("string" or "integer" or "number" or "boolean"))
        {
            // Said where the family registers it, not when a client first asks for the API document.
            throw new ArgumentException($"a problem member's JSON type is string, integer, number or boolean, not '{jsonType}'", nameof(jsonType));
        }

        if (!services.Any(service => service.ImplementationInstance is JitRuntime.Composition.ProblemExtension extension && extension.Name == name))
        {
            services.AddSingleton(new JitRuntime.Composition.ProblemExtension(name, jsonType, description));
        }

        return services;
    }

    /// <summary>
    /// Declares that the <c>app.json</c> setting at <paramref name="path"/> (under <c>settings</c>, dot-separated) names
    /// an element of <paramref name="meta"/>; the loader reports a missing element or one of another family.
    /// </summary>
    public static IServiceCollection AddElementReferenceSetting(this IServiceCollection services, string path, string meta)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(path);
        EnsureFullName(meta);
        services.AddSingleton(new ElementReferenceSetting(path, meta));
        return services;
    }

    /// <summary>Registers <typeparamref name="T"/> as an element Type, named by its <see cref="ElementTypeAttribute"/>.</summary>
    public static IServiceCollection AddElementType<T>(this IServiceCollection services)
        where T : class
    {
        var attribute = typeof(T).GetCustomAttribute<ElementTypeAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).FullName} has no [ElementType] attribute; use AddElementType<T>(name, ...) instead.");
        return services.AddElementType<T>(attribute.Name, attribute.Meta, attribute.DeclarationSchema, attribute.ConfigurationSchema);
    }

    /// <summary>Registers <typeparamref name="T"/> as the element Type <paramref name="name"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The fullName elements use in <c>type</c>.</param>
    /// <param name="meta">The Meta the Type belongs to, when it has one.</param>
    /// <param name="declarationSchema">Schema file for <c>e.json</c>, in the schema folder.</param>
    /// <param name="configurationSchema">Schema file for the business configuration, in the schema folder.</param>
    public static IServiceCollection AddElementType<T>(this IServiceCollection services, string name, string? meta = null,
        string? declarationSchema = null, string? configurationSchema = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        EnsureFullName(name);
        services.AddSingleton(new ElementTypeDescriptor(name, ElementKind.Type, typeof(T), meta, declarationSchema, configurationSchema));
        return services;
    }

    /// <summary>Registers <typeparamref name="T"/> as the contract of a Meta, named by its <see cref="ElementMetaAttribute"/>.</summary>
    public static IServiceCollection AddElementMeta<T>(this IServiceCollection services)
        where T : class
    {
        var attribute = typeof(T).GetCustomAttribute<ElementMetaAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).FullName} has no [ElementMeta] attribute; use AddElementMeta<T>(name) instead.");
        return services.AddElementMeta<T>(attribute.Name);
    }

    /// <summary>Registers <typeparamref name="T"/> as the contract of the Meta <paramref name="name"/>.</summary>
    public static IServiceCollection AddElementMeta<T>(this IServiceCollection services, string name)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        EnsureFullName(name);
        services.AddSingleton(new ElementTypeDescriptor(name, ElementKind.Meta, typeof(T)));
        return services;
    }

    private static void EnsureFullName(string name)
    {
        if (!JitRuntime.Elements.ElementName.IsFullName(name))
        {
            throw new ArgumentException($"'{name}' is not a fullName: expected identifiers joined with dots.", nameof(name));
        }
    }
}
