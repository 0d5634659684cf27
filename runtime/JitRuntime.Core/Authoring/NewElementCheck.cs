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
    public static async Task<IReadOnlyList<Diagnostic>> ValidateAsync(JitAppLoader loader, string appDirectory, NewElement element,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentNullException.ThrowIfNull(element);
        var overlay = Directory.CreateTempSubdirectory("jit-new-").FullName;
        try
        {
            var manifestPath = Path.Combine(appDirectory, AppManifest.FileName);
            var manifest = File.Exists(manifestPath) && Json.JsonFileReader.Read(manifestPath, AppManifest.FileName).Root is JObject read ? read : new JObject();
            manifest["extends"] = new JArray(Path.GetFullPath(appDirectory));
            await File.WriteAllTextAsync(Path.Combine(overlay, AppManifest.FileName), manifest.ToString(), cancellationToken).ConfigureAwait(false);
            foreach (var (path, text) in element.Files())
            {
                var full = Path.Combine(overlay, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                await File.WriteAllTextAsync(full, text, cancellationToken).ConfigureAwait(false);
            }

            await using var app = await loader.LoadAsync(overlay, cancellationToken).ConfigureAwait(false);
            return app.Diagnostics.Where(d => d.Path.StartsWith(element.Folder + "/", StringComparison.Ordinal)).ToList();
        }
        finally
        {
            Directory.Delete(overlay, recursive: true);
        }
    }
}
