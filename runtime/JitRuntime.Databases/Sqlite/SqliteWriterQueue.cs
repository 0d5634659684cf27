using System.Collections.Concurrent;

namespace JitRuntime.Databases.Sqlite;

/// <summary>
/// The writers of one SQLite file in this process, one at a time and in order. SQLite has one writer per file: without
/// this, concurrent writers meet the lock inside SQLite, whose busy handler sleeps 1 to 100 ms between tries, so under
/// load most of a write's time is spent asleep while the lock is free. Here they wait their turn without sleeping;
/// writers in other processes still meet at SQLite's lock (and its busy timeout), so nothing depends on this queue
/// for correctness. Shared by every handle of the same file (an element reloaded, the implicit database, runtimes in
/// one process).
/// </summary>
internal static class SqliteWriterQueue
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Files = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits for the file's turn, at most <paramref name="timeout"/>: then the write goes on to SQLite's own lock, which
    /// answers busy as before, rather than waiting here for ever (a flow that already holds a write, say).
    /// </summary>
    /// <returns>The turn, to dispose when the transaction has ended; null when the wait timed out.</returns>
    public static async ValueTask<IDisposable?> EnterAsync(string filePath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var gate = Files.GetOrAdd(filePath, static _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false) ? new Turn(gate) : null;
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
