using JitRuntime.Apps;
using JitRuntime.Diagnostics;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Authoring;

/// <summary>
/// Checks a <see cref="NewElement"/> with the runtime's own loader before anything is written: the files go into a
/// temporary app that extends the real one (so every Type, Type element and setting of the app is there, looked up
/// as the real app would), the temporary app is loaded, and the diagnostics of the new element's files come back with
/// the paths they would have in the real app.
/// </summary>
public static class NewElementCheck
{
    /// <summary>The new element's diagnostics (warnings included); nothing is written into <paramref name="appDirectory"/>.</summary>
    public static Task<IReadOnlyList<Diagnostic>> ValidateAsync(JitAppLoader loader, string appDirectory, NewElement element,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(element);
        return ValidateAsync(loader, appDirectory, element.Folder, element.Files().ToList(), replacesExisting: false, cancellationToken);
    }

    /// <summary>
    /// The diagnostics of the element in <paramref name="folder"/> (relative to the app) were its files <paramref name="files"/>:
    /// a new element, or (<paramref name="replacesExisting"/>) a new version of one, which overrides the one on disk in the
    /// temporary app: a protected element's override is then no error.
    /// </summary>
    public static async Task<IReadOnlyList<Diagnostic>> ValidateAsync(JitAppLoader loader, string appDirectory, string folder,
        IReadOnlyList<(string Path, string Text)> files, bool replacesExisting, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(files);
        var overlay = Directory.CreateTempSubdirectory("jit-new-").FullName;
        try
        {
            var manifestPath = Path.Combine(appDirectory, AppManifest.FileName);
            var manifest = File.Exists(manifestPath) && Json.JsonFileReader.Read(manifestPath, AppManifest.FileName).Root is JObject read ? read : new JObject();
            manifest["extends"] = new JArray(Path.GetFullPath(appDirectory));
            await File.WriteAllTextAsync(Path.Combine(overlay, AppManifest.FileName), manifest.ToString(), cancellationToken).ConfigureAwait(false);
            foreach (var (path, text) in files)
            {
                var full = ElementFiles.Inside(overlay, path); // a path that leaves elements/ is refused before anything is written
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, text, cancellationToken).ConfigureAwait(false);
            }

            await using var app = await loader.LoadAsync(overlay, cancellationToken).ConfigureAwait(false);
            return app.Diagnostics.Where(d => d.Path.StartsWith(folder + "/", StringComparison.Ordinal)
                && !(replacesExisting && d.Code == DiagnosticCodes.ProtectedOverride)).ToList();
        }
        finally
        {
            Directory.Delete(overlay, recursive: true);
        }
    }
}
