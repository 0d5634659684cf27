using JitRuntime.Apps;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace JitRuntime.Host.Hosting;

/// <summary>
/// Live watchers on a set of app folders: one recursive watcher on each <c>elements/</c> tree, one on each
/// <c>app.json</c>, and one on each app folder's entries (the <c>elements/</c> folder itself replaced). Every event releases <see cref="Signal"/>; events that arrive while nobody waits are counted, not lost.
/// </summary>
internal sealed class FolderWatch : IDisposable
{
    private readonly List<PhysicalFileProvider> _providers;
    private readonly List<FileSystemWatcher> _manifests;
    private readonly List<FileSystemWatcher> _folders;
    private readonly List<IDisposable> _subscriptions;
    private volatile bool _stale;

    private FolderWatch(IReadOnlyList<string> folders)
    {
        Folders = folders;

        // Watch elements/ and app.json only, never the whole app folder: the database under data/ changes on every
        // write, and a recursive watcher there would wake up on each one.
        _providers = folders.Select(folder => Path.Combine(folder, AppManifest.ElementsFolderName)).Where(Directory.Exists)
            .Select(elements => new PhysicalFileProvider(elements)).ToList();
        _subscriptions = _providers.Select(provider => ChangeToken.OnChange(() => provider.Watch("**/*"), () => Signal.Release())).ToList();
        _manifests = folders.Where(Directory.Exists).Select(folder => new FileSystemWatcher(folder, AppManifest.FileName)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        }).ToList();
        // Deploys replace elements/ itself (rm -rf and copy, a rename swap): a watcher on the old tree would watch a dead
        // folder, so a change to the folder entry marks this watch stale, and the watcher is rebuilt after the reload.
        _folders = folders.Where(Directory.Exists).Select(folder => new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.DirectoryName,
        }).ToList();
        foreach (var folder in _folders)
        {
            folder.Created += (_, e) => OnFolderEntry(e.Name);
            folder.Deleted += (_, e) => OnFolderEntry(e.Name);
            folder.Renamed += (_, e) =>
            {
                OnFolderEntry(e.OldName);
                OnFolderEntry(e.Name);
            };
            folder.EnableRaisingEvents = true;
        }

        foreach (var manifest in _manifests)
        {
            manifest.Changed += (_, _) => Signal.Release();
            manifest.Created += (_, _) => Signal.Release();
            manifest.Deleted += (_, _) => Signal.Release();
            manifest.Renamed += (_, _) => Signal.Release();
            manifest.EnableRaisingEvents = true;
        }
    }

    /// <summary>The app folders watched, in lookup order.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>Released once per file event.</summary>
    public SemaphoreSlim Signal { get; } = new(0);

    /// <summary>Starts watching <paramref name="folders"/>; events raised from now on are counted.</summary>
    public static FolderWatch Start(IReadOnlyList<string> folders) => new(folders);

    /// <summary>True once an <c>elements/</c> folder was created, deleted or renamed: this watch must be rebuilt.</summary>
    public bool IsStale => _stale;

    /// <summary>True when this watch is live and covers exactly <paramref name="folders"/>.</summary>
    public bool Covers(IReadOnlyList<string> folders) => !_stale && Folders.SequenceEqual(folders, StringComparer.Ordinal);

    private void OnFolderEntry(string? name)
    {
        if (string.Equals(name, AppManifest.ElementsFolderName, StringComparison.Ordinal))
        {
            _stale = true;
            Signal.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _subscriptions.ForEach(subscription => subscription.Dispose());
        _providers.ForEach(provider => provider.Dispose());
        _manifests.ForEach(manifest => manifest.Dispose());
        _folders.ForEach(folder => folder.Dispose());
        Signal.Dispose();
    }
}
