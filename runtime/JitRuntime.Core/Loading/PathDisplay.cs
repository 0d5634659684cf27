namespace JitRuntime.Loading;

/// <summary>Paths as diagnostics print them: relative to the app folder, forward slashes on every OS.</summary>
internal static class PathDisplay
{
    public static string Relative(string appDirectory, string path) =>
        Path.GetRelativePath(appDirectory, path).Replace(Path.DirectorySeparatorChar, '/');
}
