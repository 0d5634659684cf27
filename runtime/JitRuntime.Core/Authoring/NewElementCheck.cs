using JitRuntime.Apps;
using JitRuntime.Diagnostics;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Authoring;

/// <summary>
/// Checks a <see cref="NewElement"/> with the runtime's own loader before anything is written: the files go into a
/// temporary copy of the app (its <c>app.json</c> with the same parents, and its own <c>elements/</c>, so every Type,
/// Type element and setting is there and private ones stay the app's own, looked up as the real app would), the copy
/// is loaded, and the diagnostics of the new element's files come back with the paths they would have in the real app.
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
            if (manifest["extends"] is JArray parents)
            {
                // The same parents, named from wherever the copy is.
                manifest["extends"] = new JArray(parents.Select(p => p is JValue { Type: JTokenType.String } name
                    ? new JValue(Path.GetFullPath(Path.Combine(appDirectory, (string)name!))) : p));
            }

            await File.WriteAllTextAsync(Path.Combine(overlay, AppManifest.FileName), manifest.ToString(), cancellationToken).ConfigureAwait(false);
            CopyTree(new DirectoryInfo(Path.Combine(appDirectory, AppManifest.ElementsFolderName)), Path.Combine(overlay, AppManifest.ElementsFolderName));
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

    /// <summary>
    /// Copies a folder's files and folders, following symbolic links: the copy holds no link, so nothing written into it
    /// can reach a file of the app or elsewhere. A folder reached twice (a link to a folder above it) is copied once.
    /// </summary>
    private static void CopyTree(DirectoryInfo source, string target, HashSet<string>? visited = null)
    {
        visited ??= new HashSet<string>(StringComparer.Ordinal);
        var real = source.LinkTarget is null ? source : source.ResolveLinkTarget(returnFinalTarget: true) as DirectoryInfo;
        if (real is not { Exists: true } || !visited.Add(Path.GetFullPath(real.FullName)))
        {
            return;
        }

        Directory.CreateDirectory(target);
        foreach (var entry in real.EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry is DirectoryInfo folder)
            {
                CopyTree(folder, destination, visited);
            }
            else if (File.Exists(entry.FullName))
            {
                ((FileInfo)entry).CopyTo(destination); // A link's target's bytes; a broken link is left out.
            }
        }
    }
}
