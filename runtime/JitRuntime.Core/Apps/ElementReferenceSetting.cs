namespace JitRuntime.Apps;

/// <summary>
/// An <c>app.json</c> setting whose value names an element of one family, such as
/// <c>settings.defaultElement.defaultDatabase</c> naming a <c>databases.Meta</c> element. The loader reports a name
/// that is missing or of another family as a diagnostic at the setting's position.
/// </summary>
/// <param name="Path">The setting's path under <c>settings</c>, dot-separated (<c>defaultElement.defaultDatabase</c>).</param>
/// <param name="Meta">The Meta the named element must belong to.</param>
public sealed record ElementReferenceSetting(string Path, string Meta);
