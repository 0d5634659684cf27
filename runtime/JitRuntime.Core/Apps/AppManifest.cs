namespace JitRuntime.Apps;

/// <summary>An app's <c>app.json</c>: who it is and which parent apps it extends.</summary>
/// <param name="Directory">The app folder's absolute path.</param>
/// <param name="Name">The app's identifier.</param>
/// <param name="Title">Human-readable name.</param>
/// <param name="Version">The app's version string.</param>
/// <param name="Extends">Parent app folders as written in <c>app.json</c> (relative to <paramref name="Directory"/>).</param>
/// <param name="Settings">The <c>settings</c> object as written (with line information), or null.</param>
/// <param name="OrgId">JitAi's organization id, the first segment of JitAi-style paths (<see cref="DefaultOrgId"/> when absent).</param>
public sealed record AppManifest(string Directory, string Name, string? Title, string? Version, IReadOnlyList<string> Extends,
    Newtonsoft.Json.Linq.JObject? Settings = null, string OrgId = AppManifest.DefaultOrgId)
{
    /// <summary>The organization id of an app whose <c>app.json</c> names none.</summary>
    public const string DefaultOrgId = "local";

    /// <summary>The manifest's file name inside an app folder.</summary>
    public const string FileName = "app.json";

    /// <summary>The folder, inside an app folder, that holds its elements.</summary>
    public const string ElementsFolderName = "elements";
}
