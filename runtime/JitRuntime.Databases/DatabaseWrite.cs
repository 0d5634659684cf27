using System.Data.Common;

namespace JitRuntime.Databases;

/// <summary>
/// A connection with a write transaction open on it (<see cref="AppDatabase.BeginWriteAsync"/>). Commit what belongs
/// together; disposing without committing rolls back and closes the connection.
/// </summary>
public sealed class DatabaseWrite : IAsyncDisposable
{
    internal DatabaseWrite(DbConnection connection, DbTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>The connection, for Dapper calls.</summary>
    public DbConnection Connection { get; }

    /// <summary>The transaction every statement of the write passes.</summary>
    public DbTransaction Transaction { get; }

    /// <summary>Commits the transaction.</summary>
    public Task CommitAsync(CancellationToken cancellationToken = default) => Transaction.CommitAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
