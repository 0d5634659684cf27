using System.CommandLine;
using JitRuntime.Apps;
using JitRuntime.Calls;
using JitRuntime.Elements;
using JitRuntime.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary>
/// <c>jit types [DIR] [--format text|json]</c>: every Meta and Type an app can name — the registered C# ones and the
/// Type elements on disk (its own and its parents') — with title, Meta, schema files, whether a business configuration
/// is required, and the Type's functions: what <c>jit new</c> takes.
/// </summary>
internal static class TypesCommand
{
    public static Command Create()
    {
        var directory = CommonOptions.AppDirectoryArgument();
        var format = CommonOptions.FormatOption();
        var command = new Command("types", "List every Meta and Type the app can name, with their schemas and functions.") { directory, format };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(CommonOptions.Resolve(parse.GetValue(directory)), parse.GetValue(format) ?? OutputFormat.Text, parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string appDirectory, OutputFormat format, TextWriter output, CancellationToken cancellationToken)
    {
        await using var services = JitServices.BuildForCommand(appDirectory, LogLevel.None, inspectOnly: true);
        await using var app = await services.GetRequiredService<JitAppLoader>().LoadAsync(appDirectory, cancellationToken);
        var types = List(app, services.GetRequiredService<ElementTypeRegistry>());
        if (format == OutputFormat.Json)
        {
            await output.WriteLineAsync(CliJson.Serialize(types));
            return 0;
        }

        var width = types.Select(t => t.Name.Length).Append("NAME".Length).Max();
        await output.WriteLineAsync($"{"NAME".PadRight(width)}  {"KIND",-4}  {"META",-22}  TITLE / FUNCTIONS");
        foreach (var type in types)
        {
            var functions = type.Functions.Count > 0 ? $" ({string.Join(", ", type.Functions.Select(f => f.Name))})" : "";
            await output.WriteLineAsync($"{type.Name.PadRight(width)}  {type.Kind,-4}  {type.Meta ?? "-",-22}  {type.Title ?? "-"}{functions}" +
                (type.ConfigurationRequired ? " [needs a configuration]" : ""));
        }

        return 0;
    }

    /// <summary>One Meta or Type as <c>jit types</c> lists it (JSON: camelCase, functions in JitAi's functionList shape).</summary>
    internal sealed record TypeListing(string Name, string Kind, string Source, string? Title, string? Meta, string? Extends, string DeclarationSchema,
        string? ConfigurationSchema, bool ConfigurationRequired, string? Path,
        [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<ElementFunction> Functions)
    {
        public IEnumerable<object> FunctionList => Functions.Select(HttpApi.ElementListing.Function);
    }

    internal static List<TypeListing> List(JitApp app, ElementTypeRegistry registry)
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
