using System.CommandLine;
using System.Globalization;
using JitRuntime.Apps;
using JitRuntime.CommandLine;
using JitRuntime.Databases;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Auths.Audit;

/// <summary>
/// <c>jit audit [--app DIR] [--user ID] [--since TIME] [--limit N] [--format text|json]</c>: reads the audit trail from
/// the app's default database, oldest first. TIME is an ISO 8601 date or time (UTC unless it says otherwise) or an age
/// such as <c>30m</c>, <c>24h</c>, <c>7d</c>.
/// </summary>
internal sealed class AuditVerb : ICommandLineVerb
{
    public Command Create(ICommandLineHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var app = host.AppOption();
        var user = new Option<long?>("--user") { Description = "Only this user's entries." };
        var since = new Option<string?>("--since") { Description = "Only entries from this time on: 2026-11-27, 2026-11-27T08:00:00Z, or an age such as 24h or 7d." };
        since.Validators.Add(result =>
        {
            if (result.Tokens is [{ } token] && ParseSince(token.Value, DateTimeOffset.UtcNow) is null)
            {
                result.AddError($"--since '{token.Value}' is neither an ISO 8601 date or time nor an age such as 30m, 24h or 7d.");
            }
        });
        var limit = new Option<int>("--limit") { Description = "At most this many entries.", DefaultValueFactory = _ => 1000 };
        limit.Validators.Add(result =>
        {
            if (result.Tokens is [{ } token] && int.TryParse(token.Value, CultureInfo.InvariantCulture, out var value) && value is < 1 or > 1_000_000)
            {
                result.AddError("--limit must be 1 to 1,000,000.");
            }
        });
        var format = host.FormatOption();
        var command = new Command("audit", "Read the audit trail of logins, registrations, binds and refused attempts.") { app, user, since, limit, format };
        command.SetAction((parse, cancellationToken) => RunAsync(host, host.ResolveApp(parse.GetValue(app)), parse.GetValue(user),
            parse.GetValue(since) is { } text ? ParseSince(text, DateTimeOffset.UtcNow) : null, parse.GetValue(limit), parse.GetValue(format) ?? OutputFormat.Text,
            parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    /// <summary>An ISO 8601 date or time, or an age (<c>90m</c>, <c>24h</c>, <c>7d</c>) before <paramref name="now"/>.</summary>
    internal static DateTimeOffset? ParseSince(string text, DateTimeOffset now)
    {
        if (text.Length >= 2 && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= 100_000)
        {
            var unit = text[^1] switch { 'm' => TimeSpan.FromMinutes(1), 'h' => TimeSpan.FromHours(1), 'd' => TimeSpan.FromDays(1), _ => TimeSpan.Zero };
            if (unit > TimeSpan.Zero)
            {
                return now - (unit * amount);
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    private static async Task<int> RunAsync(ICommandLineHost host, string appDirectory, long? user, DateTimeOffset? since, int limit, OutputFormat format, TextWriter output,
        CancellationToken cancellationToken)
    {
        await using var services = host.BuildServices(appDirectory, LogLevel.Warning);
        await using var app = await services.GetRequiredService<JitAppLoader>().LoadAsync(appDirectory, cancellationToken);
        var entries = await AuditStore.ReadAsync(services.GetRequiredService<AppDatabase>(), user, since?.ToUnixTimeMilliseconds(), limit, cancellationToken);
        if (format == OutputFormat.Json)
        {
            await output.WriteLineAsync(host.ToJson(entries.Select(e => new
            {
                id = e.Id,
                at = DateTimeOffset.FromUnixTimeMilliseconds(e.At).ToString("O", CultureInfo.InvariantCulture),
                @event = e.Event,
                element = e.LoginElement,
                userId = e.UserId,
                client = e.Client,
                outcome = e.Outcome,
            })));
            return 0;
        }

        foreach (var e in entries)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.FromUnixTimeMilliseconds(e.At):yyyy-MM-ddTHH:mm:ss.fffZ}  {e.Event,-10}  user {e.UserId?.ToString(CultureInfo.InvariantCulture) ?? "-",-6}  {e.Client ?? "local",-15}  {e.LoginElement}  {e.Outcome}"));
        }

        return 0;
    }
}
