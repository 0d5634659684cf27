using JitRuntime.Apps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Host.Hosting;

/// <summary>
/// The app being served. Requests read <see cref="Current"/> once and keep that version for their whole call, so a
/// reload swaps the reference without blocking or disturbing them.
/// </summary>
public sealed partial class JitAppHolder(JitAppLoader loader, CurrentApp currentApp, IOptions<JitHostOptions> options, ILogger<JitAppHolder> logger)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private volatile JitApp? _current;
    private string _directory = "";

    /// <summary>The app serving now.</summary>
    /// <exception cref="InvalidOperationException">Before <see cref="LoadAsync"/>.</exception>
    public JitApp Current => _current ?? throw new InvalidOperationException("The app is not loaded yet.");

    /// <summary>True once the first load finished.</summary>
    public bool IsLoaded => _current is not null;

    /// <summary>Loads the app for the first time; the loader logs the summary and every diagnostic.</summary>
    public async Task LoadAsync(string appDirectory, CancellationToken cancellationToken)
    {
        _directory = appDirectory;
        _current = await loader.LoadAsync(appDirectory, cancellationToken).ConfigureAwait(false);
        currentApp.Publish(_current);
    }

    /// <summary>Loads the app again and swaps it in; broken elements keep their last good version.</summary>
    public async Task<AppReload> ReloadAsync(CancellationToken cancellationToken)
    {
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var outcome = "failed";
        try
        {
            var previous = Current;
            var next = await loader.LoadAsync(_directory, cancellationToken).ConfigureAwait(false);
            var reload = AppReload.Merge(previous, next);
            _current = reload.App;
            currentApp.Publish(reload.App);
            if (reload.HasChanges)
            {
                LogReloaded(reload.Added, reload.Changed, reload.Removed);
            }

            foreach (var name in reload.KeptLastGood)
            {
                LogKeptLastGood(name);
            }

            _ = DisposeLaterAsync(reload, options.Value.RetiredGracePeriod);
            outcome = reload.KeptLastGood.Count > 0 ? "kept_last_good" : "ok";
            return reload;
        }
        finally
        {
            JitRuntime.Diagnostics.JitTelemetry.Reloads.Add(1, new KeyValuePair<string, object?>("jit.outcome", outcome));
            _reloadGate.Release();
        }
    }

    /// <summary>Disposes the app serving now.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_current is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }

        _reloadGate.Dispose();
    }

    private static async Task DisposeLaterAsync(AppReload reload, TimeSpan delay)
    {
        await Task.Delay(delay).ConfigureAwait(false);
        await reload.DisposeRetiredAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Reloaded elements. Added: [{Added}] changed: [{Changed}] removed: [{Removed}]")]
    private partial void LogReloaded(IReadOnlyList<string> added, IReadOnlyList<string> changed, IReadOnlyList<string> removed);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Element {Element} was edited into a broken state (its diagnostics are logged above); its last good version keeps serving")]
    private partial void LogKeptLastGood(string element);
}
