using System.Reflection;
using JitRuntime.Auths.LoginTypes;
using JitRuntime.Auths.Sessions;
using JitRuntime.Calls;
using JitRuntime.Databases;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Auths.Audit;

/// <summary>
/// Records the security-relevant calls of the auths family in the app's database: what each function declares with
/// <see cref="AuditedAttribute"/> (registrations, logins, logouts, binds, unbinds) and the refused attempts of those
/// functions. Written after the call, in its own transaction; a failure to write is logged and never changes the
/// call's answer. Never a code, token, password, session key or secret: the event, the login element, the user where
/// known, the client address and the outcome.
/// </summary>
public sealed partial class AuditTrail(AppDatabase database, TimeProvider time, ILogger<AuditTrail> logger) : IElementCallObserver
{
    // Every call of every element passes here: what a method declares is read once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MethodInfo, AuditedAttribute?> Declared = new();

    /// <inheritdoc />
    public async Task OnCalledAsync(ElementCallRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Method is null || Declared.GetOrAdd(record.Method, method => method.GetCustomAttribute<AuditedAttribute>()) is not { } audited)
        {
            return;
        }

        var name = record.Outcome == "ok" ? audited.Event : IsRefusal(record.Error) ? "refused" : null;
        if (name is null)
        {
            return;
        }

        var entry = new AuditEntry
        {
            At = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Event = name,
            LoginElement = record.Element,
            UserId = record.Result switch
            {
                RegisterResult registered => registered.UserId,
                LoginSession session => session.UserId,
                _ => record.Arguments.TryGetValue("userId", out var userId) && userId is long id ? id : record.Caller.UserId,
            },
            Client = record.Caller.ClientAddress,
            Outcome = name == "refused" ? $"{record.Function}:{record.Outcome}" : "ok",
        };
        try
        {
            await AuditStore.AppendAsync(database, entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotRecorded(entry.Event, record.Element, database.Fault(ex)?.Code ?? ex.GetType().Name);
        }
    }

    /// <summary>A refusal of the caller's attempt, as opposed to a malformed argument or a failure of WeChat or storage.</summary>
    private static bool IsRefusal(Exception? error) => error is ElementCallException
    {
        Kind: ElementErrorKind.Unauthenticated or ElementErrorKind.Forbidden or ElementErrorKind.NotFound or ElementErrorKind.Conflict
            or ElementErrorKind.Expired or ElementErrorKind.Refused or ElementErrorKind.Throttled,
    };

    [LoggerMessage(EventId = 240, Level = LogLevel.Warning, Message = "Audit: could not record {Event} on {Element} ({Reason})")]
    private partial void LogNotRecorded(string @event, string element, string reason);
}
