using JitRuntime.Databases;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Auths.Audit;

/// <summary>
/// Keeps the audit trail, one-time codes and sessions from growing without bound: every <c>Audit:PruneInterval</c>
/// (first a minute after start) it deletes audit entries older than <c>Audit:Retention</c> and codes and sessions that
/// ended longer than <c>Auths:EndedRetention</c> ago (default a day). Runs in a host (<c>jit run</c>); on several nodes each prunes, which is harmless.
/// </summary>
public sealed partial class AuditPruning(AppDatabase database, IOptions<AuditOptions> options, IOptions<LoginOptions> login, TimeProvider time,
    ILogger<AuditPruning> logger)
    : BackgroundService
{
    /// <summary>Prunes once; what the background loop runs.</summary>
    public async Task<(int Audit, int Codes, int Sessions)> PruneOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var pruned = await AuditStore.PruneAsync(database, (now - options.Value.Retention).ToUnixTimeMilliseconds(),
            (now - login.Value.EndedRetention).ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (pruned.Audit + pruned.Codes + pruned.Sessions > 0)
        {
            LogPruned(pruned.Audit, pruned.Codes, pruned.Sessions);
        }

        return pruned;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMinutes(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                await PruneOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(database.Fault(ex)?.Code ?? ex.GetType().Name);
            }

            delay = options.Value.PruneInterval;
        }
    }

    [LoggerMessage(EventId = 241, Level = LogLevel.Information, Message = "Audit: pruned {Audit} audit entries past retention, {Codes} ended codes and {Sessions} ended sessions")]
    private partial void LogPruned(int audit, int codes, int sessions);

    [LoggerMessage(EventId = 242, Level = LogLevel.Warning, Message = "Audit: pruning failed ({Reason}); it runs again at the next interval")]
    private partial void LogFailed(string reason);
}
