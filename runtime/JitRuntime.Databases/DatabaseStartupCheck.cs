using JitRuntime.Calls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Databases;

/// <summary>
/// At start, connects to the app's default database and brings its tables up to date, so that a database that is not
/// reachable is said once, clearly, at start rather than by the first caller. It retries with a growing delay (up to
/// 30 s) until the database answers; meanwhile the host serves, and calls that need the database answer 503.
/// </summary>
public sealed partial class DatabaseStartupCheck(AppDatabase database, ILogger<DatabaseStartupCheck> logger) : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            string element = "(unresolved)", location = "";
            try
            {
                var current = database.Current;
                (element, location) = (current.FullName, current.Location);
                await (await database.OpenAsync(stoppingToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
                if (attempt > 1)
                {
                    LogReachable(element, location, attempt);
                }

                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var reason = ex is ElementCallException coded ? $"{coded.Code}: {coded.Message}" : ex.Message;
                if (attempt == 1)
                {
                    LogUnreachable(element, location, reason, delay.TotalSeconds);
                }
                else
                {
                    LogStillUnreachable(element, attempt, reason);
                }
            }

            await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }
    }

    [LoggerMessage(EventId = 440, Level = LogLevel.Warning,
        Message = "The app's database {Element} ({Location}) is not reachable at start ({Reason}); calls that need it answer 503 until it is. Retrying, first in {Delay} s, then up to every 30 s")]
    private partial void LogUnreachable(string element, string location, string reason, double delay);

    [LoggerMessage(EventId = 441, Level = LogLevel.Debug, Message = "The app's database {Element} is still not reachable (attempt {Attempt}): {Reason}")]
    private partial void LogStillUnreachable(string element, int attempt, string reason);

    [LoggerMessage(EventId = 442, Level = LogLevel.Information, Message = "The app's database {Element} ({Location}) is reachable after {Attempt} attempts; its tables are up to date")]
    private partial void LogReachable(string element, string location, int attempt);
}
