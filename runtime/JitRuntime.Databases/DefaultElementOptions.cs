namespace JitRuntime.Databases;

/// <summary>JitAi's <c>settings.defaultElement</c>: the elements the runtime itself uses (configuration section <c>defaultElement</c>).</summary>
public sealed class DefaultElementOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "defaultElement";

    /// <summary>The settings path the loader checks (<c>settings.defaultElement.defaultDatabase</c>).</summary>
    public const string DefaultDatabasePath = "defaultElement.defaultDatabase";

    /// <summary>
    /// The database element the runtime's own tables live in (<c>databases.Default</c>); null for the implicit SQLite
    /// database at <see cref="DatabaseOptions.Path"/>.
    /// </summary>
    public string? DefaultDatabase { get; set; }
}
