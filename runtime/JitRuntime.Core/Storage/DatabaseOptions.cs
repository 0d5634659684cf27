namespace JitRuntime.Storage;

/// <summary>The app's SQLite database (configuration section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Database";

    /// <summary>The default path, relative to the app folder.</summary>
    public const string DefaultPath = "data/app.db";

    /// <summary>The database file; relative paths are resolved against the app folder (<c>JIT_Database__Path</c>).</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>How long a statement waits for a lock held by another connection before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Optional size cap in database pages (SQLite <c>max_page_count</c>); writes past it fail as "full".</summary>
    public long? MaxPageCount { get; set; }
}
