namespace JitRuntime.Databases;

/// <summary>
/// Runs a database's migration once per handle, however many calls race to be first, and again after
/// <see cref="Reset"/> (a storage fault: the file may have been replaced).
/// </summary>
internal sealed class MigrationOnce : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    /// <summary>True once the migration ran and nothing reset it.</summary>
    public bool IsDone => _done;

    /// <summary>Runs <paramref name="migrate"/> unless it already ran; concurrent callers wait for the first.</summary>
    public async Task RunAsync(Func<Task> migrate, CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_done)
            {
                await migrate().ConfigureAwait(false);
                _done = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the next call migrate again.</summary>
    public void Reset() => _done = false;

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
