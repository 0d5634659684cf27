using System.Text.Json;
using JitRuntime.Apps;
using JitRuntime.Authoring;
using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Host.Authoring;
using JitRuntime.Host.Hosting;
using JitRuntime.Host.HttpApi;
using JitRuntime.Schemas;
using JitRuntime.Types;
using Microsoft.AspNetCore.Http;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Host.Studio;

/// <summary>
/// The studio's API: the app's elements and Types as the host serves them now, a form schema per Type (its declaration
/// and configuration schemas made self-contained), and creating, editing and deleting the app's own elements — each
/// checked by the runtime's own validator before anything is written (<see cref="NewElementCheck"/>), written atomically
/// and only inside <c>elements/</c> (<see cref="ElementFiles"/>). A secret (<c>writeOnly</c>) is never served: a value
/// that is not a <c>${NAME}</c> placeholder shows as <see cref="Hidden"/>, and saving <see cref="Hidden"/> keeps the value on disk.
/// </summary>
public sealed class StudioApi(JitAppHolder holder, JitAppLoader loader, ElementTypeRegistry registry, SchemaStore schemas)
{
    /// <summary>What a secret's value shows as.</summary>
    public const string Hidden = "********";

    /// <summary>A new element: its Type, fullName and the values of its two documents.</summary>
    public sealed record NewRequest(string Type, string FullName, JsonElement? Declaration, JsonElement? Configuration);

    /// <summary>A new version of an element's two documents.</summary>
    public sealed record EditRequest(JsonElement Declaration, JsonElement? Configuration);

    private JitApp App => holder.Current;

    /// <summary>The elements (with status and diagnostics) and the Types, as the host serves them now.</summary>
    public IResult State()
    {
        var app = App;
        var ofElements = app.Elements.SelectMany(e => e.Diagnostics).ToHashSet();
        return Results.Json(new
        {
            app = app.Manifest?.Name,
            elements = app.Elements.Select(e => new
            {
                fullName = e.FullName,
                type = e.TypeName,
                title = e.Title,
                status = app.ServingLastGood.Contains(e.FullName) ? "ready (last good version)" : e.Status == ElementStatus.Ready ? "ready" : "broken",
                role = e.Role == ElementRole.Type ? "type" : "instance",
                own = e.Layer == 0,
                diagnostics = e.Diagnostics.Select(d => d.ToString()),
            }),
            diagnostics = app.Diagnostics.Where(d => !ofElements.Contains(d)).Select(d => d.ToString()),
            types = TypeCatalog.List(app, registry),
        }, ElementJson.Options);
    }

    /// <summary>The form schemas of <paramref name="type"/>'s two documents, and which configuration keys are secrets.</summary>
    public IResult Form(string type)
    {
        if (Implementation(type) is not { } implementation)
        {
            return Problem(StatusCodes.Status404NotFound, "type_not_found", $"the app can name no Type '{ElementName.ForDisplay(type)}'; 'jit types' lists them");
        }

        var declaration = SchemaKeys.Read(schemas.Directory, implementation.DeclarationSchema ?? SchemaStore.ElementSchemaFile);
        var configuration = implementation.ConfigurationSchema is { } file ? SchemaKeys.Read(schemas.Directory, file) : null;
        return Results.Json(new
        {
            declaration = Json(declaration.FormSchema()),
            configuration = configuration is null ? (JsonElement?)null : Json(configuration.FormSchema()),
            secrets = configuration?.Secrets() ?? [],
        }, ElementJson.Options);
    }

    /// <summary>One of the app's own elements: its documents as written (secrets hidden).</summary>
    public IResult Read(string fullName)
    {
        if (Own(fullName) is not { } element)
        {
            return NotOwn(fullName);
        }

        var (declaration, configurationFile, configuration) = ReadFiles(element);
        HideSecrets(element, configuration);
        return Results.Json(new
        {
            fullName,
            type = element.TypeName,
            declaration = declaration is null ? (JsonElement?)null : Json(declaration),
            configurationFile,
            configuration = configuration is null ? (JsonElement?)null : Json(configuration),
        }, ElementJson.Options);
    }

    /// <summary>Creates an element, as <c>jit new</c> does, from the page's documents.</summary>
    public async Task<IResult> CreateAsync(NewRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var app = App;
        NewElement element;
        try
        {
            var declaration = Document(request.Declaration);
            element = NewElement.Compose(app, registry, schemas.Directory, request.Type, request.FullName, (string?)declaration?["title"], [],
                (declaration, Document(request.Configuration)));
        }
        catch (NewElementException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid_request", ex.Message);
        }

        if (element.ExistsIn(app))
        {
            return Problem(StatusCodes.Status409Conflict, "element_exists", $"element '{element.FullName}' exists already; edit it instead");
        }

        var files = element.Files().ToList();
        var diagnostics = await NewElementCheck.ValidateAsync(loader, app.Directory, element.Folder, files, replacesExisting: false, cancellationToken).ConfigureAwait(false);
        if (diagnostics.Any(d => d.IsError))
        {
            return Refused(diagnostics, files, element.Folder);
        }

        await ElementFiles.WriteAsync(app.Directory, files, overwrite: false, cancellationToken).ConfigureAwait(false);
        return Results.Json(new { fullName = element.FullName, written = files.Select(f => f.Path), placeholders = element.Placeholders.Select(p => new { variable = p.Variable, key = p.Key }) },
            ElementJson.Options);
    }

    /// <summary>Writes a new version of one of the app's own elements, checked first.</summary>
    public async Task<IResult> EditAsync(string fullName, EditRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Own(fullName) is not { } element)
        {
            return NotOwn(fullName);
        }

        if (Document(request.Declaration) is not { } declaration)
        {
            return Problem(StatusCodes.Status400BadRequest, "invalid_request", "the declaration (e.json) must be a JSON object");
        }

        var app = App;
        var folder = Relative(app, element.Directory);
        var (_, _, oldConfiguration) = ReadFiles(element);
        var configuration = Document(request.Configuration);
        var configurationFile = ConfigurationFileOf(declaration, element.FullName);
        var files = new List<(string Path, string Text)> { ($"{folder}/e.json", ElementFiles.Text(declaration)) };
        if (configuration is not null)
        {
            RestoreSecrets(element, configuration, oldConfiguration);
            files.Add(($"{folder}/{configurationFile}", ElementFiles.Text(configuration)));
        }

        try
        {
            var diagnostics = await NewElementCheck.ValidateAsync(loader, app.Directory, folder, files, replacesExisting: true, cancellationToken).ConfigureAwait(false);
            if (diagnostics.Any(d => d.IsError))
            {
                return Refused(diagnostics, files, folder);
            }

            await ElementFiles.WriteAsync(app.Directory, files, overwrite: true, cancellationToken).ConfigureAwait(false);
        }
        catch (UnauthorizedAccessException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "outside_elements", ex.Message);
        }

        return Results.Json(new { fullName, written = files.Select(f => f.Path) }, ElementJson.Options);
    }

    /// <summary>Deletes one of the app's own elements: its <c>e.json</c> and configuration (never a folder holding other elements).</summary>
    public IResult Delete(string fullName)
    {
        if (Own(fullName) is not { } element)
        {
            return NotOwn(fullName);
        }

        var folder = Relative(App, element.Directory);
        var (_, configurationFile, _) = ReadFiles(element);
        var files = new List<string> { $"{folder}/e.json" };
        if (configurationFile is not null)
        {
            files.Add($"{folder}/{configurationFile}");
        }

        ElementFiles.Delete(App.Directory, files);
        return Results.Json(new { fullName, deleted = files }, ElementJson.Options);
    }

    private ElementTypeDescriptor? Implementation(string type) =>
        registry.TryGet(type, out var registered) && registered.Kind == ElementKind.Type ? registered
        : App.FindElement(type) is { Role: ElementRole.Type, Status: ElementStatus.Ready } element ? element.Implementation : null;

    private LoadedElement? Own(string fullName) => App.FindElement(fullName) is { Layer: 0 } element ? element : null;

    private static IResult NotOwn(string fullName) => Problem(StatusCodes.Status404NotFound, "element_not_found",
        $"the app has no element '{ElementName.ForDisplay(fullName)}' of its own (inherited elements are edited in their own app)");

    /// <summary>
    /// The element's <c>e.json</c> and configuration as written (placeholders not expanded), and the configuration's file
    /// name: the file the loader resolved and read (<see cref="LoadedElement.ConfigurationPath"/>), so the studio reads
    /// nothing the loader would refuse (outside the folder, a link out of it).
    /// </summary>
    private static (JObject? Declaration, string? ConfigurationFile, JObject? Configuration) ReadFiles(LoadedElement element)
    {
        var declaration = JitRuntime.Json.JsonFileReader.Read(Path.Combine(element.Directory, "e.json"), "e.json").Root as JObject;
        if (element.ConfigurationPath is not { } path)
        {
            return (declaration, null, null);
        }

        var file = Path.GetRelativePath(element.Directory, path).Replace('\\', '/');
        return (declaration, file, JitRuntime.Json.JsonFileReader.Read(path, file).Root as JObject);
    }

    /// <summary>
    /// Where an edited e.json puts its configuration: the file it names (<c>frontBundleEntry</c>), else JitAi's convention,
    /// <c>&lt;ElementName&gt;.json</c>. Checked before it is written: by the loader in the validation app, and to stay inside <c>elements/</c>.
    /// </summary>
    private static string ConfigurationFileOf(JObject declaration, string fullName) =>
        declaration["frontBundleEntry"] is JValue { Type: JTokenType.String } entry
            ? ((string)entry!).StartsWith("./", StringComparison.Ordinal) ? ((string)entry!)[2..] : (string)entry!
            : fullName.Split('.')[^1] + ".json";

    private void HideSecrets(LoadedElement element, JObject? configuration)
    {
        foreach (var key in SecretsOf(element))
        {
            if (configuration?.SelectToken(key) is JValue { Type: JTokenType.String } value && !Configuration.EnvironmentPlaceholders.IsPlaceholder((string)value!))
            {
                value.Value = Hidden;
            }
        }
    }

    private void RestoreSecrets(LoadedElement element, JObject configuration, JObject? old)
    {
        foreach (var key in SecretsOf(element))
        {
            if (configuration.SelectToken(key) is JValue { Type: JTokenType.String } value && (string?)value == Hidden)
            {
                if (old?.SelectToken(key) is { } kept)
                {
                    value.Replace(kept.DeepClone());
                }
                else
                {
                    value.Parent!.Remove();
                }
            }
        }
    }

    private IReadOnlyList<string> SecretsOf(LoadedElement element) =>
        element.Implementation?.ConfigurationSchema is { } file ? SchemaKeys.Read(schemas.Directory, file).Secrets() : [];

    /// <summary>422 with each diagnostic placed at its document and key, for the page to show at the field.</summary>
    private static IResult Refused(IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<(string Path, string Text)> files, string folder) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "element_invalid", "the element would be invalid; nothing was written",
            new Dictionary<string, object?>
            {
                ["diagnostics"] = diagnostics.Select(d =>
                {
                    var file = files.FirstOrDefault(f => f.Path == d.Path);
                    return new
                    {
                        document = d.Path == $"{folder}/e.json" ? "declaration" : "configuration",
                        key = file.Text is null ? null : DiagnosticPlaces.Locate(file.Text, d.Line, d.Column),
                        severity = d.IsError ? "error" : "warning",
                        text = d.ToString(),
                    };
                }).ToList(),
            });

    /// <summary>A refusal as the HTTP API answers one: <c>application/problem+json</c> with its stable <c>code</c>.</summary>
    internal static IResult Problem(int status, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        ElementProblems.ToResult(new ElementProblem(status, code, detail, extensions));

    private static JObject? Document(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } value ? JObject.Parse(value.GetRawText()) : null;

    private static JsonElement Json(JToken token) => JsonDocument.Parse(token.ToString()).RootElement.Clone();

    private static string Relative(JitApp app, string directory) => Path.GetRelativePath(app.Directory, directory).Replace('\\', '/');
}
