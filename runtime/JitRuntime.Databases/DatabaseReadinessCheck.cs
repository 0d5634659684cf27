using JitRuntime.Composition;

namespace JitRuntime.Databases;

/// <summary>
/// Ready when the app's default database answers a query that reads a table (the migrations list every database has):
/// an unreachable server fails it, and so does an SQLite file that is no longer a database, which <c>SELECT 1</c> would
/// not notice. Every login call needs the default database.
/// </summary>
internal sealed class DatabaseReadinessCheck(AppDatabase database) : IReadinessCheck
{
    public string Name => "database";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM schema_migrations";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The family's stable code (database_unavailable, ...), never the driver's message, which can name hosts and users.
            return database.Fault(ex)?.Code ?? "database_unavailable";
        }
    }
}
