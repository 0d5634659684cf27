using System.Diagnostics;
using JitRuntime.Apps;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Host.Hosting;

/// <summary>
/// Watches <c>app.json</c> and the <c>elements/</c> trees of the app and its parents (one recursive watcher per app
/// folder; set DOTNET_USE_POLLING_FILE_WATCHER=1 where inotify is short), debounces bursts of events, and reloads.
/// </summary>
/// <remarks>
/// The rule is "watch, then read": a folder is watched before the load that reads it, so a change made at any moment
/// raises an event after that read began and is served by a later reload. The app folder is watched before the first
/// load (<see cref="WatchBeforeFirstLoad"/>); folders that a load discovers (app.json <c>extends</c>) were read before
/// anyone watched them, so once their watchers exist the app is read once more. The same holds when a deploy replaces
/// an <c>elements/</c> folder (deleted and copied again, renamed into place): its watchers are rebuilt, then the app is
/// read once more. And a second after each burst, when the tree has stayed quiet, the app is read once more, for a file
/// written into a new folder before the watcher watched that folder.
/// </remarks>
public sealed partial class ElementsWatcher(JitAppHolder holder, IOptions<JitHostOptions> options, ILogger<ElementsWatcher> logger) : BackgroundService
{
    /// <summary>How long the tree stays quiet after a burst before it is read once more.</summary>
    private static readonly TimeSpan SettleDelay = TimeSpan.FromSeconds(1);

    private FolderWatch? _beforeFirstLoad;

    /// <summary>Starts watching <paramref name="appDirectory"/>; call it before the first load reads the app.</summary>
    public void WatchBeforeFirstLoad(string appDirectory)
    {
        Interlocked.Exchange(ref _beforeFirstLoad, FolderWatch.Start([Path.GetFullPath(appDirectory)]))?.Dispose();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watch = Interlocked.Exchange(ref _beforeFirstLoad, null);
        try
        {
            // Watchers follow the app's folders: when a reload changes them (app.json "extends"), they are rebuilt.
            while (!stoppingToken.IsCancellationRequested)
            {
                var folders = Folders(holder.Current);
                if (watch is null || !watch.Covers(folders))
                {
                    watch?.Dispose();
                    watch = FolderWatch.Start(folders);

                    // The current version was read before these watchers existed: read it once more now that they do.
                    watch.Signal.Release();
                }

                LogWatching(folders);
                await ReloadOnChangesAsync(watch, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            watch?.Dispose();
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        Interlocked.Exchange(ref _beforeFirstLoad, null)?.Dispose();
        base.Dispose();
    }

    private static List<string> Folders(JitApp app) =>
        app.Layers.Select(layer => layer.Manifest.Directory).DefaultIfEmpty(app.Directory).ToList();

    /// <summary>Reloads after each burst of events until a reload changes the app's folders or an elements/ folder is replaced.</summary>
    private async Task ReloadOnChangesAsync(FolderWatch watch, CancellationToken stoppingToken)
    {
        while (true)
        {
            await watch.Signal.WaitAsync(stoppingToken).ConfigureAwait(false);

            // Debounce: one save fires several events (aspnetcore #2542); wait until the tree is quiet, but never longer
            // than the maximum delay: a file written all the time must not hold other edits back.
            var first = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(first) < options.Value.ReloadMaxDelay
                   && await watch.Signal.WaitAsync(options.Value.ReloadDebounce, stoppingToken).ConfigureAwait(false))
            {
            }

            if (!await ReloadAsync(watch, stoppingToken).ConfigureAwait(false))
            {
                return;
            }

            // A file written into a folder the burst created can escape the watcher: on Linux a new folder is watched
            // only once its creation has been seen, and a reload that read the folder before the file was there hears
            // nothing more. So once the tree has been quiet for a while after a burst, the app is read once more.
            if (await watch.Signal.WaitAsync(SettleDelay, stoppingToken).ConfigureAwait(false))
            {
                watch.Signal.Release(); // Not quiet: that event starts the next burst.
            }
            else if (!await ReloadAsync(watch, stoppingToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Reloads; false when the app's folders changed (or an elements/ folder was replaced) and the watch must be rebuilt.</summary>
    private async Task<bool> ReloadAsync(FolderWatch watch, CancellationToken stoppingToken)
    {
        try
        {
            await holder.ReloadAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReloadFailed(ex);
        }

        return watch.Covers(Folders(holder.Current));
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Watching {Folders} for element changes")]
    private partial void LogWatching(IReadOnlyList<string> folders);

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Reloading the app failed; the previous version keeps serving")]
    private partial void LogReloadFailed(Exception exception);
}
