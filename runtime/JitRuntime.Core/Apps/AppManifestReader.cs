using JitRuntime.Configuration;
using JitRuntime.Diagnostics;
using JitRuntime.Json;
using JitRuntime.Loading;
using JitRuntime.Schemas;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace JitRuntime.Apps;

/// <summary>Reads an app's <c>app.json</c> and, through <c>extends</c>, its parents: the lookup layers of the app.</summary>
internal sealed class AppManifestReader(JsonSchema appSchema, string rootDirectory, List<Diagnostic> diagnostics)
{
    private readonly List<AppLayer> _layers = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the app in <paramref name="directory"/> and its parents depth-first in <c>extends</c> order.
    /// Returns the layers (the app first) or an empty list when the app itself cannot be read.
    /// </summary>
    public IReadOnlyList<AppLayer> ReadLayers(string directory)
    {
        Visit(Path.GetFullPath(directory), referencedFrom: null, stack: []);
        return _layers;
    }

    private void Visit(string directory, (string Path, JToken Token)? referencedFrom, List<string> stack)
    {
        var real = ElementScanner.RealPath(directory);
        if (stack.Contains(real))
        {
            Report(referencedFrom, DiagnosticCodes.InvalidExtends, $"'extends' forms a cycle: {string.Join(" -> ", stack.Append(real).Select(Display))}");
            return;
        }

        if (!_seen.Add(real))
        {
            return; // A diamond: the parent already sits earlier in the lookup order.
        }

        var manifest = Read(directory, referencedFrom);
        if (manifest is null)
        {
            return;
        }

        _layers.Add(new AppLayer(_layers.Count, manifest.Value.Manifest));
        stack.Add(real);
        var extends = manifest.Value.Root["extends"] as JArray;
        foreach (var (parent, token) in manifest.Value.Manifest.Extends.Zip(extends?.Children() ?? Enumerable.Empty<JToken>()))
        {
            var parentDirectory = Path.GetFullPath(Path.Combine(directory, parent));
            Visit(parentDirectory, (PathDisplay.Relative(rootDirectory, Path.Combine(directory, AppManifest.FileName)), token), stack);
        }

        stack.RemoveAt(stack.Count - 1);
    }

    private (AppManifest Manifest, JObject Root)? Read(string directory, (string Path, JToken Token)? referencedFrom)
    {
        var path = Path.Combine(directory, AppManifest.FileName);
        var display = PathDisplay.Relative(rootDirectory, path);
        if (!File.Exists(path))
        {
            // The app asked for is named by its absolute path (a relative '.' says nothing in a script's log or CI's).
            var exists = System.IO.Directory.Exists(directory);
            var named = referencedFrom is null ? directory : Display(directory);
            var message = exists
                ? $"no {AppManifest.FileName} in '{named}'; an app folder holds app.json and elements/"
                : $"app folder '{named}' does not exist";
            if (referencedFrom is null)
            {
                diagnostics.Add(Diagnostic.Error(exists ? display : directory, 0, 0, DiagnosticCodes.AppNotFound, message));
            }
            else
            {
                Report(referencedFrom, DiagnosticCodes.InvalidExtends, "parent app not found: " + message);
            }

            return null;
        }

        var file = JsonFileReader.Read(path, display);
        if (file.Error is { } error)
        {
            diagnostics.Add(error);
            return null;
        }

        if (file.Root is not JObject root)
        {
            var (line, column) = LineInfo.Of(file.Root);
            diagnostics.Add(Diagnostic.Error(display, line, column, DiagnosticCodes.NotAnObject,
                "app.json must be a JSON object such as { \"name\": \"myApp\" }"));
            return null;
        }

        var count = diagnostics.Count;
        SchemaErrorTranslator.Validate(appSchema, root, display, codeOverride: null, diagnostics);
        if (root["settings"] is { } settings)
        {
            foreach (var (token, variable) in EnvironmentPlaceholders.FindUnset(settings))
            {
                var (line, column) = LineInfo.Of(token);
                diagnostics.Add(Diagnostic.Warning(display, line, column, DiagnosticCodes.UnsetEnvironmentVariable,
                    $"'{token.Path}' reads environment variable {variable}, which is not set"));
            }
        }

        if (diagnostics.Skip(count).Any(d => d.IsError))
        {
            return null;
        }

        var extends = (root["extends"] as JArray)?.Values<string>().Select(s => s!).ToList() ?? [];
        return (new AppManifest(directory, (string)root["name"]!, (string?)root["title"], (string?)root["version"], extends, root["settings"] as JObject,
            root["orgId"] is JValue { Type: JTokenType.String } orgId ? (string)orgId! : AppManifest.DefaultOrgId), root);
    }

    private void Report((string Path, JToken Token)? at, string code, string message)
    {
        var (line, column) = at is { } a ? LineInfo.Of(a.Token) : (0, 0);
        diagnostics.Add(Diagnostic.Error(at?.Path ?? AppManifest.FileName, line, column, code, message));
    }

    private string Display(string directory) => PathDisplay.Relative(rootDirectory, directory);
}
