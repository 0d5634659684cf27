namespace JitRuntime.Apps;

/// <summary>One app in the lookup order: the app itself is layer 0, its parents follow in <c>extends</c> order.</summary>
/// <param name="Index">Position in the lookup order.</param>
/// <param name="Manifest">The layer's manifest.</param>
public sealed record AppLayer(int Index, AppManifest Manifest)
{
    /// <summary>The layer's <c>elements/</c> folder.</summary>
    public string ElementsDirectory => Path.Combine(Manifest.Directory, AppManifest.ElementsFolderName);
}
