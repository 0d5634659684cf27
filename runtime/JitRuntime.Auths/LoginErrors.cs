using JitRuntime.Auths.Storage;
using JitRuntime.Calls;

namespace JitRuntime.Auths;

/// <summary>Every refusal of the login family, with its stable code. Messages say what to do next and hold no secret.</summary>
public static class LoginErrors
{
    /// <summary>An argument is missing or malformed.</summary>
    public static ElementCallException InvalidArgument(string name, string expected) =>
        new(ElementErrorKind.InvalidArgument, "invalid_argument", $"argument '{name}' is invalid: expected {expected}");

    /// <summary>An unknown user, and this login element does not allow registration.</summary>
    public static ElementCallException RegistrationClosed(string loginElement) =>
        new(ElementErrorKind.Refused, "registration_closed",
            $"this user is not registered, and login '{loginElement}' does not allow registration (allowRegister is 0); bind an existing user instead");

    /// <summary>A bindCode that was never issued here, was used, or has expired.</summary>
    internal static ElementCallException BindCode(CodeStore.Refusal refusal, TimeSpan lifetime) => refusal switch
    {
        CodeStore.Refusal.Used => new(ElementErrorKind.Conflict, "bind_code_used", "the bindCode was already redeemed; log in again"),
        CodeStore.Refusal.Expired => new(ElementErrorKind.Expired, "bind_code_expired", $"the bindCode expired (bindCodes live {Describe(lifetime)}); log in again for a new one"),
        _ => new(ElementErrorKind.NotFound, "bind_code_invalid", "the bindCode is not one this login issued"),
    };

    /// <summary>A loginCode that was never issued, was used, or has expired.</summary>
    internal static ElementCallException LoginCode(CodeStore.Refusal refusal, TimeSpan lifetime) => refusal switch
    {
        CodeStore.Refusal.Used => new(ElementErrorKind.Conflict, "login_code_used", "the loginCode was already redeemed; log in again"),
        CodeStore.Refusal.Expired => new(ElementErrorKind.Expired, "login_code_expired", $"the loginCode expired (loginCodes live {Describe(lifetime)}); log in again for a new one"),
        _ => new(ElementErrorKind.NotFound, "login_code_invalid", "the loginCode is not one this app issued"),
    };

    /// <summary>WeChat ranks the new user's risk above the login element's <c>registerRisk.maxRank</c>.</summary>
    public static ElementCallException RegistrationRisky(int rank, int maxRank) =>
        new(ElementErrorKind.Refused, "registration_risky",
            $"WeChat ranks this user's registration risk {rank} (0 lowest, 4 highest) and this login accepts at most {maxRank}; the registration is refused",
            extensions: new Dictionary<string, object?> { ["riskRank"] = rank, ["maxRank"] = maxRank });

    /// <summary>Another registration of the same external user won the race.</summary>
    public static ElementCallException AlreadyRegistered() =>
        new(ElementErrorKind.Conflict, "already_registered", "this user is already registered; log in again to get a loginCode");

    /// <summary>No such user.</summary>
    public static ElementCallException UserNotFound(long userId) =>
        new(ElementErrorKind.NotFound, "user_not_found", $"user {userId} does not exist");

    /// <summary>The user already has a login on this login element.</summary>
    public static ElementCallException AlreadyBound(long userId, string loginElement) =>
        new(ElementErrorKind.Conflict, "already_bound", $"user {userId} already has a login on '{loginElement}'; unbind first");

    /// <summary>The WeChat user is bound to somebody else.</summary>
    public static ElementCallException OpenIdTaken(string loginElement) =>
        new(ElementErrorKind.Conflict, "wechat_user_bound_elsewhere", $"this WeChat user is already bound to another user on login '{loginElement}'");

    /// <summary>Nothing to unbind.</summary>
    public static ElementCallException NotBound(long userId, string loginElement) =>
        new(ElementErrorKind.NotFound, "not_bound", $"user {userId} has no login on '{loginElement}'");

    /// <summary><c>linkByPhone</c>: the verified number belongs to several users, so none is chosen and nothing is written.</summary>
    public static ElementCallException PhoneConflict(string loginElement, int users) =>
        new(ElementErrorKind.Conflict, "phone_conflict",
            $"this phone number belongs to {users} different users; login '{loginElement}' will not choose one: register without the phone code, or remove the number from the extra accounts");

    /// <summary>The user is not a member of the organization asked for.</summary>
    public static ElementCallException NotMember(string corpId) =>
        new(ElementErrorKind.Refused, "not_member_of_corp", $"the user does not belong to organization '{corpId}'; pick one from corpList");

    /// <summary>The user belongs to several organizations and did not say which.</summary>
    public static ElementCallException CorpRequired(IEnumerable<string> corpIds) =>
        new(ElementErrorKind.InvalidArgument, "corp_required", $"the user belongs to several organizations; pass corp, one of: {string.Join(", ", corpIds)}");

    /// <summary>A session token that is unknown, revoked or expired.</summary>
    public static ElementCallException InvalidToken() =>
        new(ElementErrorKind.NotFound, "session_invalid", "the session token is unknown, expired or logged out; log in again");

    /// <summary>No session key is stored for the user (never logged in since binding, or keys lost).</summary>
    public static ElementCallException NoSessionKey(long userId) =>
        new(ElementErrorKind.Conflict, "session_key_stale", $"no usable session key is stored for user {userId}; log in again and retry");

    /// <summary>WeChat said the stored session key is stale (checkSession): nothing is decrypted with it.</summary>
    public static ElementCallException SessionKeyStale(long userId) =>
        new(ElementErrorKind.Conflict, "session_key_stale", $"WeChat said user {userId}'s stored session key is stale; log in again (wx.login) and retry");

    /// <summary>A unionid bound to more than one user: linking would merge them, so it is refused.</summary>
    public static ElementCallException UnionIdConflict(string loginElement, int users) =>
        new(ElementErrorKind.Conflict, "unionid_conflict",
            $"this WeChat user's unionid is bound to {users} different users through other login elements; login '{loginElement}' will not choose one: " +
            "unbind the extra accounts first");

    /// <summary>A trusted caller (C#, <c>jit call</c>) must name the user a per-user function acts for.</summary>
    public static ElementCallException UserRequired() =>
        new(ElementErrorKind.InvalidArgument, "invalid_argument", "argument 'userId' is required for callers without a session");

    /// <summary>A lifetime as people say it: "5 minutes", "90 seconds", "2 hours".</summary>
    private static string Describe(TimeSpan lifetime) =>
        lifetime.TotalSeconds < 120 ? Plural((int)Math.Round(lifetime.TotalSeconds), "second")
        : lifetime.TotalMinutes < 120 ? Plural((int)Math.Round(lifetime.TotalMinutes), "minute")
        : Plural((int)Math.Round(lifetime.TotalHours), "hour");

    private static string Plural(int count, string unit) => count == 1 ? $"1 {unit}" : $"{count} {unit}s";
}
