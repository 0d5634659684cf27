using JitRuntime.Calls;

namespace JitRuntime.Auths.LoginTypes.WeChatMini;

/// <summary>The refusals of scan to log in, each with its own code.</summary>
internal static class ScanLoginErrors
{
    public static ElementCallException NotConfigured(string loginElement) =>
        new(ElementErrorKind.Refused, "scan_login_not_configured",
            $"login '{loginElement}' does not offer scan to log in: declare scanLogin {{ \"page\": \"pages/scan/confirm\" }} in its e.json");

    public static ElementCallException Unknown() =>
        new(ElementErrorKind.NotFound, "scan_ticket_invalid", "the scan-to-log-in ticket is not one this login issued");

    public static ElementCallException Expired(TimeSpan lifetime) =>
        new(ElementErrorKind.Expired, "scan_login_expired", $"the scan-to-log-in ticket expired (tickets live {(int)lifetime.TotalMinutes} minutes); ask the PC for a new code");

    public static ElementCallException OtherUser() =>
        new(ElementErrorKind.Forbidden, "scan_login_other_user", "another user scanned this code first; only they can confirm or cancel it");

    public static ElementCallException NotScanned() =>
        new(ElementErrorKind.Conflict, "scan_login_not_scanned", "open the code's page first (getScanLogin), then confirm or cancel");

    public static ElementCallException AlreadyConfirmed() =>
        new(ElementErrorKind.Conflict, "scan_login_confirmed", "this code was already confirmed");

    public static ElementCallException Cancelled() =>
        new(ElementErrorKind.Conflict, "scan_login_cancelled", "this code was cancelled; ask the PC for a new one");

    public static ElementCallException WrongPollToken() =>
        new(ElementErrorKind.Forbidden, "scan_poll_token_invalid", "the pollToken is not this ticket's: only the page that asked for the code can collect the login");
}
