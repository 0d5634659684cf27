namespace JitRuntime.Databases;

/// <summary>
/// The implicit SQLite database an app uses when <c>settings.defaultElement.defaultDatabase</c> names no database
/// element (configuration section <c>Database</c>), and SQLite defaults every SQLite database shares.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Database";

    /// <summary>The default path, relative to the app folder.</summary>
    public const string DefaultPath = "data/app.db";

    /// <summary>The implicit database file; relative paths are resolved against the app folder (<c>JIT_Database__Path</c>).</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>How long a SQLite statement waits for a lock held by another connection before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Optional size cap in database pages (SQLite <c>max_page_count</c>); writes past it fail as "full".</summary>
    public long? MaxPageCount { get; set; }
}
