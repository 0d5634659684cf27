using JitRuntime.Configuration;
using JitRuntime.Diagnostics;
using JitRuntime.Json;
using JitRuntime.Schemas;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace JitRuntime.Loading;

/// <summary>
/// Checks one element after its type is resolved: its <c>e.json</c> against its Type's declaration schema, and its
/// business configuration (the file <c>frontBundleEntry</c> names) against the Type's configuration schema.
/// Works on one element at a time and touches nothing shared, so the loader runs it in parallel.
/// </summary>
internal sealed class ElementValidator(
    IReadOnlyDictionary<string, JsonSchema> schemas,
    int maxFileBytes,
    bool strictKeys,
    Func<string, string?> getVariable)
{
    public void Validate(ElementDraft draft)
    {
        if (draft.Declaration is not { } declaration)
        {
            return;
        }

        var schemaFile = draft.Implementation?.DeclarationSchema ?? SchemaStore.ElementSchemaFile;
        Check(schemas[schemaFile], declaration, draft.Source.DisplayPath, codeOverride: null, draft.Diagnostics);

        if (declaration["frontBundleEntry"] is JValue { Type: JTokenType.String } entry)
        {
            ValidateConfiguration(draft, (string)entry!);
        }
        else if (ConventionalConfiguration(draft) is { } conventional)
        {
            // JitAi's convention: without frontBundleEntry, the configuration is <ElementName>.json beside e.json.
            ValidateConfiguration(draft, conventional);
        }
    }

    private static string? ConventionalConfiguration(ElementDraft draft)
    {
        var file = "./" + draft.FullName[(draft.FullName.LastIndexOf('.') + 1)..] + ".json";
        return File.Exists(Path.Combine(draft.Source.Directory, file)) ? file : null;
    }

    private void ValidateConfiguration(ElementDraft draft, string entry)
    {
        var resolved = BundleEntryResolver.Resolve(draft.Source.Directory, draft.Source.RealDirectory, entry);
        if (resolved.FullPath is not { } path)
        {
            draft.Error("frontBundleEntry", resolved.Code!, resolved.Message!);
            return;
        }

        // The file is inside the element folder: it prints as the folder e.json prints in, plus its path there.
        var display = draft.Source.DisplayPath[..(draft.Source.DisplayPath.LastIndexOf('/') + 1)] + resolved.PathInFolder;
        var file = JsonFileReader.Read(path, display, maxFileBytes);
        if (file.Error is { } error)
        {
            draft.Diagnostics.Add(error);
            return;
        }

        if (file.Root is not JObject configuration)
        {
            var (line, column) = LineInfo.Of(file.Root);
            draft.Diagnostics.Add(Diagnostic.Error(display, line, column, DiagnosticCodes.NotAnObject,
                "a business configuration must be a JSON object"));
            return;
        }

        foreach (var (token, variable) in EnvironmentPlaceholders.ExpandInPlace(configuration, getVariable))
        {
            var (line, column) = LineInfo.Of(token);
            var unset = Diagnostic.Warning(display, line, column, DiagnosticCodes.UnsetEnvironmentVariable,
                $"'{token.Path}' reads environment variable {variable}, which is not set; the element cannot be created until it is");
            draft.Diagnostics.Add(unset);
            draft.UnsetVariables.Add(new UnsetVariable(variable, token.Path, unset));
        }

        if (draft.Implementation?.ConfigurationSchema is { } schemaFile)
        {
            Check(schemas[schemaFile], configuration, display, DiagnosticCodes.InvalidConfiguration, draft.Diagnostics);
        }

        draft.Configuration = configuration;
        draft.ConfigurationPath = path;
    }

    /// <summary>A document against its schema: the schema's rules, then the keys it does not know.</summary>
    private void Check(JsonSchema schema, JObject document, string path, string? codeOverride, List<Diagnostic> diagnostics)
    {
        SchemaErrorTranslator.Validate(schema, document, path, codeOverride, diagnostics);
        UnknownKeyChecker.Check(schema, document, path, strictKeys, diagnostics);
    }
}
