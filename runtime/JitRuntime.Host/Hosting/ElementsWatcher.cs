using JitRuntime.Apps;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace JitRuntime.Host.Hosting;

/// <summary>
/// Watches <c>app.json</c> and the <c>elements/</c> trees of the app and its parents (one recursive watcher per app
/// folder; set DOTNET_USE_POLLING_FILE_WATCHER=1 where inotify is short), debounces bursts of events, and reloads.
/// </summary>
public sealed partial class ElementsWatcher(JitAppHolder holder, IOptions<JitHostOptions> options, ILogger<ElementsWatcher> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Watchers follow the app's folders: when a reload changes them (app.json "extends"), they are rebuilt.
            while (!stoppingToken.IsCancellationRequested)
            {
                await WatchAsync(Folders(holder.Current), stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static List<string> Folders(JitApp app) =>
        app.Layers.Select(layer => layer.Manifest.Directory).DefaultIfEmpty(app.Directory).ToList();

    /// <summary>Watches <paramref name="folders"/> and reloads on changes until the app's folders change.</summary>
    private async Task WatchAsync(List<string> folders, CancellationToken stoppingToken)
    {
        // Watch elements/ and app.json only, never the whole app folder: the database under data/ changes on every
        // write, and a recursive watcher there would wake up on each one.
        var providers = folders.Select(folder => Path.Combine(folder, AppManifest.ElementsFolderName)).Where(Directory.Exists)
            .Select(elements => new PhysicalFileProvider(elements)).ToList();
        var manifests = folders.Where(Directory.Exists).Select(folder => new FileSystemWatcher(folder, AppManifest.FileName)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        }).ToList();
        using var signal = new SemaphoreSlim(0);
        try
        {
            using var subscriptions = new CompositeDisposable(
                providers.Select(provider => ChangeToken.OnChange(() => provider.Watch("**/*"), () => signal.Release())));
            foreach (var manifest in manifests)
            {
                manifest.Changed += (_, _) => signal.Release();
                manifest.Created += (_, _) => signal.Release();
                manifest.Deleted += (_, _) => signal.Release();
                manifest.Renamed += (_, _) => signal.Release();
                manifest.EnableRaisingEvents = true;
            }

            LogWatching(folders);
            while (true)
            {
                await signal.WaitAsync(stoppingToken).ConfigureAwait(false);

                // Debounce: one save fires several events (aspnetcore #2542); wait until the tree is quiet.
                while (await signal.WaitAsync(options.Value.ReloadDebounce, stoppingToken).ConfigureAwait(false))
                {
                }

                try
                {
                    await holder.ReloadAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogReloadFailed(ex);
                }

                if (!Folders(holder.Current).SequenceEqual(folders, StringComparer.Ordinal))
                {
                    return;
                }
            }
        }
        finally
        {
            providers.ForEach(provider => provider.Dispose());
            manifests.ForEach(manifest => manifest.Dispose());
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Watching {Folders} for element changes")]
    private partial void LogWatching(IReadOnlyList<string> folders);

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Reloading the app failed; the previous version keeps serving")]
    private partial void LogReloadFailed(Exception exception);

    private sealed class CompositeDisposable(IEnumerable<IDisposable> items) : IDisposable
    {
        private readonly List<IDisposable> _items = items.ToList();

        public void Dispose() => _items.ForEach(i => i.Dispose());
    }
}
