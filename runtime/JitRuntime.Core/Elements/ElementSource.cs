namespace JitRuntime.Elements;

/// <summary>An element folder found on disk, before its declaration is read.</summary>
/// <param name="FullName">Folder path under <c>elements/</c>, segments joined with dots.</param>
/// <param name="Directory">The element folder's absolute path.</param>
/// <param name="DeclarationPath">The absolute path of its <c>e.json</c>.</param>
/// <param name="DisplayPath">The <c>e.json</c> path relative to the app folder, as diagnostics print it.</param>
/// <param name="Layer">0 for the app's own elements, 1.. for its parents in lookup order.</param>
/// <param name="RealDirectory">The element folder with symbolic links resolved: files must stay inside it.</param>
public sealed record ElementSource(string FullName, string Directory, string DeclarationPath, string DisplayPath, int Layer, string RealDirectory);
