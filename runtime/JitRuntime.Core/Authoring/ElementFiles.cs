namespace JitRuntime.Authoring;

/// <summary>
/// Writes an element's files the way an authoring tool must: each one to a temporary name beside its place, then moved
/// there in one step, the configuration before <c>e.json</c> (a watching host never reads a half-written file, nor an
/// <c>e.json</c> whose configuration is not there yet), and only inside the app's <c>elements/</c> folder.
/// </summary>
public static class ElementFiles
{
    /// <summary>Writes <paramref name="files"/> (paths relative to the app, <c>e.json</c> first) into <paramref name="appDirectory"/>.</summary>
    /// <param name="appDirectory">The app folder.</param>
    /// <param name="files">The files, <c>e.json</c> first.</param>
    /// <param name="overwrite">False for a new element: an existing file is never replaced (the move fails).</param>
    /// <param name="cancellationToken">Stops before the next file.</param>
    /// <exception cref="UnauthorizedAccessException">A path that leaves the app's <c>elements/</c> folder.</exception>
    public static async Task WriteAsync(string appDirectory, IReadOnlyList<(string Path, string Text)> files, bool overwrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (path, text) in files.Reverse())
        {
            var target = Inside(appDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
            await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
            try
            {
                File.Move(temporary, target, overwrite);
            }
            finally
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>A document as authoring tools write it: indented, ending with a newline.</summary>
    public static string Text(Newtonsoft.Json.Linq.JObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.ToString(Newtonsoft.Json.Formatting.Indented) + "\n";
    }

    /// <summary>Deletes an element's own files (never a folder holding other elements) and its folder when nothing else is left in it.</summary>
    public static void Delete(string appDirectory, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var path in files)
        {
            File.Delete(Inside(appDirectory, path));
        }

        foreach (var folder in files.Select(f => Path.GetDirectoryName(Inside(appDirectory, f))!).Distinct(StringComparer.Ordinal))
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }

    /// <summary>The full path of <paramref name="path"/>, which must stay inside the app's <c>elements/</c> folder (no <c>..</c>, no absolute path).</summary>
    public static string Inside(string appDirectory, string path)
    {
        var elements = Path.GetFullPath(Path.Combine(appDirectory, Apps.AppManifest.ElementsFolderName)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(appDirectory, path));
        return full.StartsWith(elements, StringComparison.Ordinal) ? full
            : throw new UnauthorizedAccessException($"'{path}' is outside the app's elements/ folder: authoring tools write only there");
    }
}
