using JitRuntime.Calls;

namespace JitRuntime.Auths.LoginTypes.Password;

/// <summary>The refusals of the password login, with their stable codes. None says whether a username exists, except registering a taken one.</summary>
internal static class PasswordErrors
{
    /// <summary>An unknown username or a wrong password: the same answer, in about the same time.</summary>
    public static ElementCallException InvalidCredentials() =>
        new(ElementErrorKind.Unauthenticated, "invalid_credentials", "the username or the password is wrong");

    /// <summary>Too many wrong passwords for this username within the window: refused, right or wrong, until it passes.</summary>
    public static ElementCallException AccountLocked(TimeSpan retryAfter, int maxFailures, TimeSpan window) =>
        new(ElementErrorKind.Throttled, "account_locked",
            $"this username had {maxFailures} wrong passwords within {(int)window.TotalMinutes} minutes and is locked; try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s",
            retryAfter: retryAfter);

    /// <summary>The username is another user's login on this element.</summary>
    public static ElementCallException UsernameTaken(string loginElement) =>
        new(ElementErrorKind.Conflict, "username_taken", $"this username is taken on login '{loginElement}'; choose another");
}
