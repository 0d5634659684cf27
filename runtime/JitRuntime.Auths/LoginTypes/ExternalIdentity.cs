namespace JitRuntime.Auths.LoginTypes;

/// <summary>
/// What a login type made of a credential it verified: the external user, as the shared login flow stores it in codes
/// and logins. <see cref="Subject"/> is the type's stable id of that user (WeChat: the openid; password: the normalized
/// username); <see cref="Details"/> non-secret data as JSON (WeChat: appId and unionId); <see cref="Secret"/> an
/// encrypted secret a bindCode carries until registration (WeChat: the session key).
/// </summary>
internal sealed record ExternalIdentity(string Subject, string? Details = null, byte[]? Secret = null);
