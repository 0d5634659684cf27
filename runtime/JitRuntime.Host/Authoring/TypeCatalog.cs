using JitRuntime.Apps;
using JitRuntime.Calls;
using JitRuntime.Elements;
using JitRuntime.Types;

namespace JitRuntime.Host.Authoring;

/// <summary>
/// Every Meta and Type an app can name — the registered C# ones and the Type elements on disk (its own and its
/// parents') — with title, Meta, schema files, whether an instance needs a configuration of its own, and the Type's
/// functions: what <c>jit types</c> prints and the Element Studio offers.
/// </summary>
public static class TypeCatalog
{
    /// <summary>One Meta or Type (JSON: camelCase, functions in JitAi's functionList shape).</summary>
    /// <param name="Name">Its fullName.</param>
    /// <param name="Kind"><c>meta</c> or <c>type</c>.</param>
    /// <param name="Source"><c>registered</c> (C#) or <c>element</c> (a Type element on disk).</param>
    /// <param name="Title">A Type element's title.</param>
    /// <param name="Meta">The Meta it belongs to.</param>
    /// <param name="Extends">For a Type element, the Type it wraps.</param>
    /// <param name="DeclarationSchema">The schema file of its instances' <c>e.json</c>.</param>
    /// <param name="ConfigurationSchema">The schema file of their business configuration, if they take one.</param>
    /// <param name="ConfigurationRequired">True when an instance needs a configuration of its own.</param>
    /// <param name="Path">A Type element's <c>e.json</c>.</param>
    /// <param name="Functions">The Type's functions.</param>
    public sealed record TypeListing(string Name, string Kind, string Source, string? Title, string? Meta, string? Extends, string DeclarationSchema,
        string? ConfigurationSchema, bool ConfigurationRequired, string? Path,
        [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<ElementFunction> Functions)
    {
        /// <summary>The functions in JitAi's functionList shape.</summary>
        public IEnumerable<object> FunctionList => Functions.Select(HttpApi.ElementListing.Function);
    }

    /// <summary>Every Meta and Type <paramref name="app"/> can name, sorted by name.</summary>
    public static List<TypeListing> List(JitApp app, ElementTypeRegistry registry)
    {
        static IReadOnlyList<ElementFunction> FunctionsOf(ElementTypeDescriptor? type) => type is { Kind: ElementKind.Type } ? TypeFunctions.Of(type.ClrType) : [];

        static TypeListing Registered(ElementTypeDescriptor t) => new(t.Name, t.Kind == ElementKind.Meta ? "meta" : "type", "registered", null, t.MetaName, null,
            t.DeclarationSchema ?? Schemas.SchemaStore.ElementSchemaFile, t.ConfigurationSchema, t.ConfigurationSchema is not null, null, FunctionsOf(t));

        // A Type element on disk wraps the Type its own type names; a configuration it carries is its instances' default.
        static TypeListing OnDisk(LoadedElement e) => new(e.FullName, "type", "element", e.Title, e.Implementation?.MetaName, e.TypeName,
            e.Implementation?.DeclarationSchema ?? Schemas.SchemaStore.ElementSchemaFile, e.Implementation?.ConfigurationSchema,
            e.Implementation?.ConfigurationSchema is not null && !e.HasConfiguration, e.DeclarationPath, FunctionsOf(e.Implementation));

        return registry.All.Select(Registered)
            .Concat(app.Elements.Where(e => e.Role == ElementRole.Type && e.Status == ElementStatus.Ready).Select(OnDisk))
            .DistinctBy(t => t.Name, StringComparer.Ordinal)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }
}
