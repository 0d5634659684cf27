namespace JitRuntime.Storage;

/// <summary>Where the app being hosted lives; relative paths in its settings are resolved against it.</summary>
public sealed class AppDirectoryOptions
{
    /// <summary>The app folder's absolute path; defaults to the current directory.</summary>
    public string AppDirectory { get; set; } = Directory.GetCurrentDirectory();
}
