namespace JitRuntime.Apps;

/// <summary>
/// The app version being served, for services that live longer than one version (a database handle, a key ring)
/// and need what the app declares. The first load publishes its app; a host that swaps versions on reload publishes
/// each merged version with <see cref="Publish"/>.
/// </summary>
public sealed class CurrentApp
{
    private volatile JitApp? _app;

    /// <summary>The app serving now, or null before the first load.</summary>
    public JitApp? App => _app;

    /// <summary>Makes <paramref name="app"/> the one serving.</summary>
    public void Publish(JitApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _app = app;
    }

    /// <summary>Publishes <paramref name="app"/> only when no live app is published yet (the loader's first load).</summary>
    internal void PublishIfNone(JitApp app)
    {
        if (_app is not { IsDisposed: false })
        {
            _app = app;
        }
    }

    /// <summary>Forgets <paramref name="app"/> when it is the one published (it is being disposed).</summary>
    internal void Retire(JitApp app) => Interlocked.CompareExchange(ref _app, null, app);
}
