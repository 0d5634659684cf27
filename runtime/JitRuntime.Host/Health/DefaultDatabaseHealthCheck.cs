using JitRuntime.Databases;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JitRuntime.Host.Health;

/// <summary>
/// Ready when the app's default database answers a query that reads a table (the migrations list every database has):
/// an unreachable server fails it, and so does an SQLite file that is no longer a database, which <c>SELECT 1</c> would
/// not notice. Every login call needs the default database.
/// </summary>
internal sealed class DefaultDatabaseHealthCheck(AppDatabase database) : IHealthCheck
{
    public const string Name = "database";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM schema_migrations";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The description is the family's stable code (database_unavailable, ...), never the driver's message,
            // which can name hosts and users; the exception itself is not handed on, so it cannot reach a response.
            return HealthCheckResult.Unhealthy(database.Fault(ex)?.Code ?? "database_unavailable");
        }
    }
}
