using JitRuntime.Auths.LoginTypes;
using JitRuntime.Auths.Sessions;
using JitRuntime.Calls;
using JitRuntime.Databases;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Auths.Audit;

/// <summary>
/// Records the security-relevant calls of the auths family in the app's database: registrations, logins (a loginCode
/// redeemed for a session), logouts, binds and unbinds that succeeded, and attempts refused with a used, expired or
/// unknown code, without a session (401) or for another user (403). Written after the call, in its own transaction;
/// a failure to write is logged and never changes the call's answer. Never a code, token, session key or secret.
/// </summary>
public sealed partial class AuditTrail(AppDatabase database, TimeProvider time, ILogger<AuditTrail> logger) : IElementCallObserver
{
    /// <summary>The outcomes that are refused attempts worth recording (the rest are ordinary errors).</summary>
    private static readonly HashSet<string> Refusals = new(StringComparer.Ordinal)
    {
        "bind_code_invalid", "bind_code_used", "bind_code_expired",
        "login_code_invalid", "login_code_used", "login_code_expired",
        "authentication_required", "session_invalid", "forbidden",
        "already_registered", "already_bound", "wechat_user_bound_elsewhere", "wechat_code_used", "registration_risky",
    };

    /// <inheritdoc />
    public async Task OnCalledAsync(ElementCallRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!typeof(ILoginType).IsAssignableFrom(record.ElementType) && record.ElementType != typeof(AuthSvcType))
        {
            return;
        }

        var name = record.Outcome == "ok"
            ? record.Function switch
            {
                "register" => "registered",
                "loginByCode" => "login",
                "logout" => "logout",
                "bind" => "bind",
                "unbind" => "unbind",
                "getPhoneNumber" => "phone_number",
                _ => null,
            }
            : Refusals.Contains(record.Outcome) ? "refused" : null;
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

    [LoggerMessage(EventId = 240, Level = LogLevel.Warning, Message = "Audit: could not record {Event} on {Element} ({Reason})")]
    private partial void LogNotRecorded(string @event, string element, string reason);
}
