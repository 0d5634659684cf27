using System.Data.Common;

namespace JitRuntime.Databases;

/// <summary>
/// A connection with a write transaction open on it (<see cref="AppDatabase.BeginWriteAsync"/>). Commit what belongs
/// together; disposing without committing rolls back and closes the connection.
/// </summary>
public sealed class DatabaseWrite : IAsyncDisposable
{
    private readonly System.Diagnostics.Activity? _activity;
    private readonly IDisposable? _turn;

    internal DatabaseWrite(DbConnection connection, DbTransaction transaction, System.Diagnostics.Activity? activity = null, IDisposable? turn = null)
    {
        Connection = connection;
        Transaction = transaction;
        _activity = activity;
        _turn = turn;
    }

    /// <summary>The connection, for Dapper calls.</summary>
    public DbConnection Connection { get; }

    /// <summary>The transaction every statement of the write passes.</summary>
    public DbTransaction Transaction { get; }

    /// <summary>Commits the transaction.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _turn?.Dispose(); // The next writer of this process may begin.
        _activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Ok);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync().ConfigureAwait(false);
            _turn?.Dispose(); // After the rollback (or commit): the write lock is free.
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _turn?.Dispose();
            _activity?.Dispose();
        }
    }
}
