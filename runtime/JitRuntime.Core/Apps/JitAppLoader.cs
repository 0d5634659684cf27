using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Json;
using JitRuntime.Loading;
using JitRuntime.Schemas;
using JitRuntime.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace JitRuntime.Apps;

/// <summary>
/// Loads an app from disk in one pass: reads <c>app.json</c> and its parents, scans every <c>elements/</c> tree,
/// parses and validates every element, resolves type chains, and reports every problem at once. One bad element
/// never hides another; what is valid is usable.
/// </summary>
public sealed class JitAppLoader(
    ElementTypeRegistry registry,
    SchemaStore schemaStore,
    IServiceProvider services,
    IOptions<JitRuntimeOptions> options,
    ILogger<JitAppLoader> logger)
{
    private readonly JitRuntimeOptions _options = options.Value;

    /// <summary>Loads the app in <paramref name="appDirectory"/>. Never throws for a bad app: problems are in <see cref="JitApp.Diagnostics"/>.</summary>
    public Task<JitApp> LoadAsync(string appDirectory, CancellationToken cancellationToken = default)
    {
        // The work is files and CPU, spread over the cores by Parallel.ForEach; the task is the contract, not a wait.
        try
        {
            return Task.FromResult(Load(appDirectory, cancellationToken));
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<JitApp>(ex.CancellationToken.IsCancellationRequested ? ex.CancellationToken : cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<JitApp>(ex);
        }
    }

    private JitApp Load(string appDirectory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(appDirectory);
        var root = Path.GetFullPath(appDirectory);
        var schemas = LoadSchemas();
        var diagnostics = new List<Diagnostic>();

        var layers = new AppManifestReader(schemas[SchemaStore.AppSchemaFile], root, diagnostics).ReadLayers(root);
        var drafts = Scan(layers, root, diagnostics);
        using var withoutCollections = _options.OneShotProcess ? LoadWithoutCollections.Begin(drafts.Count) : null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };

        Parallel.ForEach(drafts, parallel, draft => Guard(draft, Read));
        ReportDuplicates(drafts);
        var lookup = new ElementLookup(drafts);
        ReportProtectedOverrides(lookup);
        new TypeChainResolver(lookup, registry).ResolveAll(drafts);

        var validator = new ElementValidator(schemas, _options.MaxFileBytes, _options.StrictKeys, _options.GetEnvironmentVariable);
        Parallel.ForEach(drafts, parallel, draft => Guard(draft, validator.Validate));
        Parallel.ForEach(drafts, parallel, draft => Guard(draft, FunctionListResolver.Resolve));
        ReportBrokenChains(drafts);
        ReportElementReferences(layers, lookup, root, diagnostics);

        foreach (var draft in drafts)
        {
            Cap(draft.Diagnostics, _options.MaxDiagnosticsPerElement, draft.Source.DisplayPath, "in this element");
            diagnostics.AddRange(draft.Diagnostics);
        }

        Cap(diagnostics, _options.MaxDiagnostics, ".", "in this load");
        var effective = lookup.Effective.ToArray();
        Array.Sort(effective, static (a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        var elements = new LoadedElement[effective.Length];
        Parallel.For(0, effective.Length, parallel, i => elements[i] = Freeze(effective[i])); // Drafts are only read now.
        var app = new JitApp(root, layers, elements, diagnostics, services);
        Log(app);
        (services.GetService(typeof(CurrentApp)) as CurrentApp)?.PublishIfNone(app);
        return app;
    }

    private Dictionary<string, JsonSchema> LoadSchemas()
    {
        var files = new HashSet<string>(StringComparer.Ordinal) { SchemaStore.AppSchemaFile, SchemaStore.ElementSchemaFile };
        foreach (var type in registry.All)
        {
            if (type.DeclarationSchema is { } declaration)
            {
                files.Add(declaration);
            }

            if (type.ConfigurationSchema is { } configuration)
            {
                files.Add(configuration);
            }
        }

        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            schemas[file] = schemaStore.Get(file);
        }

        return schemas;
    }

    private static List<ElementDraft> Scan(IReadOnlyList<AppLayer> layers, string root, List<Diagnostic> diagnostics)
    {
        var drafts = new List<ElementDraft>();
        foreach (var layer in layers)
        {
            if (!Directory.Exists(layer.ElementsDirectory))
            {
                diagnostics.Add(Diagnostic.Warning(PathDisplay.Relative(root, layer.Manifest.Directory), 0, 0, DiagnosticCodes.AppNotFound,
                    $"no {AppManifest.ElementsFolderName}/ folder: the app has no elements of its own"));
                continue;
            }

            var scan = ElementScanner.Scan(layer.ElementsDirectory, root, layer.Index);
            diagnostics.AddRange(scan.Diagnostics);
            drafts.AddRange(scan.Elements.Select(source => new ElementDraft(source)));
        }

        return drafts;
    }

    /// <summary>One element's failure, even a bug of the runtime's, must not stop the others from loading.</summary>
    private static void Guard(ElementDraft draft, Action<ElementDraft> step)
    {
        try
        {
            step(draft);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            draft.Diagnostics.Add(Diagnostic.Error(draft.Source.DisplayPath, 0, 0, DiagnosticCodes.InternalError,
                $"the runtime failed on this element ({ex.GetType().Name}: {ex.Message}); this is a bug, please report it"));
        }
    }

    private void Read(ElementDraft draft)
    {
        var file = JsonFileReader.Read(draft.Source.DeclarationPath, draft.Source.DisplayPath, _options.MaxFileBytes);
        if (file.Error is { } error)
        {
            draft.Diagnostics.Add(error);
            return;
        }

        if (file.Root is not JObject declaration)
        {
            var (line, column) = LineInfo.Of(file.Root);
            draft.Diagnostics.Add(Diagnostic.Error(draft.Source.DisplayPath, line, column, DiagnosticCodes.NotAnObject,
                "e.json must be a JSON object such as { \"title\": \"...\", \"type\": \"auths.loginTypes.WeChatMiniType\" }"));
            return;
        }

        draft.Declaration = declaration;
        draft.TypeName = declaration["type"] is JValue { Type: JTokenType.String } type ? (string?)type : null;
        draft.Access = (string?)(declaration["accessModifier"] as JValue) switch
        {
            "private" => ElementAccess.Private,
            "protected" => ElementAccess.Protected,
            _ => ElementAccess.Public, // JitAi's default; the schema check reports any other value.
        };
    }

    /// <summary>Names that differ only in letter case collide on Windows and macOS file systems: the later one is refused.</summary>
    private static void ReportDuplicates(List<ElementDraft> drafts)
    {
        // Keyed by a string (layer and name), not a tuple: one-shot processes then run precompiled collection code.
        var byName = new Dictionary<string, List<ElementDraft>>(StringComparer.OrdinalIgnoreCase);
        foreach (var draft in drafts)
        {
            var key = draft.Layer.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + draft.FullName;
            if (byName.TryGetValue(key, out var same))
            {
                same.Add(draft);
            }
            else
            {
                byName[key] = [draft];
            }
        }

        foreach (var group in byName.Values.Where(g => g.Count > 1))
        {
            var ordered = group.OrderBy(d => d.FullName, StringComparer.Ordinal).ToList();
            foreach (var duplicate in ordered.Skip(1))
            {
                duplicate.Diagnostics.Add(Diagnostic.Error(duplicate.Source.DisplayPath, 0, 0, DiagnosticCodes.DuplicateFullName,
                    $"fullName '{duplicate.FullName}' duplicates '{ordered[0].FullName}' ({ordered[0].Source.DisplayPath}) up to letter case; " +
                    "fullNames must differ by more than case"));
            }
        }
    }

    /// <summary>A parent app's protected element is inherited but not overridable: an app's element of the same name is an error.</summary>
    private static void ReportProtectedOverrides(ElementLookup lookup)
    {
        foreach (var layers in lookup.Overridden)
        {
            for (var i = 1; i < layers.Count; i++)
            {
                if (layers[i].Access != ElementAccess.Protected)
                {
                    continue;
                }

                foreach (var overriding in layers.Take(i).Where(d => d.Layer < layers[i].Layer))
                {
                    overriding.Diagnostics.Add(Diagnostic.Error(overriding.Source.DisplayPath, 0, 0, DiagnosticCodes.ProtectedOverride,
                        $"element '{overriding.FullName}' overrides {layers[i].Source.DisplayPath}, which is protected: a parent app's protected " +
                        "element is inherited but cannot be overridden; rename this element or ask for the parent's to be public"));
                }
            }
        }
    }

    /// <summary>
    /// An element whose Type element is broken is broken too, and says why; an instance whose Type needs a business
    /// configuration must have one somewhere in its chain.
    /// </summary>
    private static void ReportBrokenChains(List<ElementDraft> drafts)
    {
        foreach (var draft in drafts)
        {
            if (draft.HasErrors)
            {
                continue;
            }

            var steps = 0;
            for (var type = draft.TypeElement; type is not null && steps < drafts.Count; type = type.TypeElement, steps++)
            {
                if (type.Diagnostics.Find(d => d.IsError) is { } cause)
                {
                    draft.Error("type", DiagnosticCodes.BrokenType,
                        $"type '{draft.TypeName}' cannot be used: element '{type.FullName}' in its chain is broken ({cause.Code}: {cause.Message})");
                    break;
                }
            }
        }

        foreach (var draft in drafts.Where(d => !d.HasErrors && !d.IsReferencedAsType && d.Implementation?.ConfigurationSchema is not null))
        {
            var hasConfiguration = false;
            for (var step = draft; step is not null && !hasConfiguration; step = step.TypeElement)
            {
                hasConfiguration = step.Configuration is not null;
            }

            if (!hasConfiguration)
            {
                draft.Error("type", DiagnosticCodes.MissingConfiguration,
                    $"type '{draft.Implementation!.Name}' needs a business configuration: add {draft.FullName.Split('.')[^1]}.json beside e.json, or \"frontBundleEntry\" " +
                    $"naming a file that matches schemas/{draft.Implementation.ConfigurationSchema}");
            }
        }
    }

    /// <summary>Settings that name an element (<c>defaultElement.defaultDatabase</c>) must name one of the right family.</summary>
    private void ReportElementReferences(IReadOnlyList<AppLayer> layers, ElementLookup lookup, string root, List<Diagnostic> diagnostics)
    {
        if (layers.Count == 0 || layers[0].Manifest.Settings is not { } settings)
        {
            return;
        }

        var display = PathDisplay.Relative(root, Path.Combine(layers[0].Manifest.Directory, AppManifest.FileName));
        foreach (var reference in services.GetServices<ElementReferenceSetting>())
        {
            if (settings.SelectToken(reference.Path) is not JValue { Type: JTokenType.String } value)
            {
                continue;
            }

            var name = (string)value!;
            var (line, column) = LineInfo.Of(value);
            var target = lookup.Find(name);
            if (target is null)
            {
                var suggestion = NameSuggester.Suggest(name, lookup.Names);
                diagnostics.Add(Diagnostic.Error(display, line, column, DiagnosticCodes.SettingNamesMissingElement,
                    $"settings.{reference.Path} names element '{name}', which does not exist; expected an element of {reference.Meta}" +
                    (suggestion.Count > 0 ? $" (did you mean {string.Join(", ", suggestion)}?)" : "")));
            }
            else if (target.Implementation is { } implementation && implementation.MetaName != reference.Meta)
            {
                diagnostics.Add(Diagnostic.Error(display, line, column, DiagnosticCodes.SettingNamesWrongFamily,
                    $"settings.{reference.Path} names '{name}', whose type is {implementation.Name}; expected an element of {reference.Meta}"));
            }
        }
    }

    private static LoadedElement Freeze(ElementDraft draft)
    {
        var chain = new List<JObject>();
        var names = new List<string>();
        JObject? configuration = null;
        IReadOnlyList<UnsetVariable> unset = [];
        for (var step = draft; step is not null && chain.Count <= 64; step = step.TypeElement)
        {
            if (step.Declaration is { } declaration)
            {
                chain.Add(declaration);
            }

            if (step.TypeName is { } name)
            {
                names.Add(name);
            }

            if (configuration is null && step.Configuration is not null)
            {
                configuration = step.Configuration;
                unset = step.UnsetVariables;
            }
        }

        return new LoadedElement(
            draft.FullName,
            draft.Declaration?["title"] is JValue { Type: JTokenType.String } title ? (string?)title : null,
            draft.TypeName,
            draft.Implementation is null ? [] : names,
            draft.HasErrors ? null : draft.Implementation,
            draft.Source.Directory,
            draft.Source.DisplayPath,
            draft.Layer,
            draft.Diagnostics,
            chain,
            configuration,
            draft.ConfigurationPath,
            unset,
            draft.Access,
            draft.Functions);
    }

    private void Log(JitApp app)
    {
        var broken = app.Elements.Count(e => e.Status == ElementStatus.Broken);
        LoaderLog.Loaded(logger, app.Manifest?.Name ?? "(unreadable)", app.Directory, app.Elements.Count - broken, broken, app.Diagnostics.Count);
        foreach (var diagnostic in app.Diagnostics)
        {
            if (diagnostic.IsError)
            {
                LoaderLog.Error(logger, diagnostic);
            }
            else
            {
                LoaderLog.Warning(logger, diagnostic);
            }
        }
    }

    /// <summary>
    /// Sorts <paramref name="diagnostics"/> and keeps at most <paramref name="max"/>, counting the rest in one last line
    /// (an error when any of them is), so that a pathological tree cannot flood a log or a CI report. Every element's
    /// list goes through here before it is frozen, so this is where it is sorted.
    /// </summary>
    private static void Cap(List<Diagnostic> diagnostics, int max, string path, string where)
    {
        diagnostics.Sort(CompareDiagnostics);
        if (diagnostics.Count <= max)
        {
            return;
        }

        var rest = diagnostics.Skip(max).ToList();
        diagnostics.RemoveRange(max, rest.Count);
        var message = $"{rest.Count} more diagnostics {where} are not shown (at most {max} are reported); fix the ones above and load again";
        diagnostics.Add(rest.Exists(d => d.IsError)
            ? Diagnostic.Error(path, 0, 0, DiagnosticCodes.MoreDiagnostics, message)
            : Diagnostic.Warning(path, 0, 0, DiagnosticCodes.MoreDiagnostics, message));
    }

    private static int CompareDiagnostics(Diagnostic a, Diagnostic b)
    {
        var byPath = string.CompareOrdinal(a.Path, b.Path);
        if (byPath != 0)
        {
            return byPath;
        }

        return a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column != b.Column ? a.Column.CompareTo(b.Column) : string.CompareOrdinal(a.Code, b.Code);
    }
}
