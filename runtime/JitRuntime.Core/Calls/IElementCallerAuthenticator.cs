namespace JitRuntime.Calls;

/// <summary>Turns a remote caller's bearer token into the user it is a live session of; registered by a login family.</summary>
public interface IElementCallerAuthenticator
{
    /// <summary>The user behind <paramref name="bearerToken"/>, or null when it is not a live session.</summary>
    Task<long?> AuthenticateAsync(string bearerToken, CancellationToken cancellationToken = default);

    /// <summary>Where a caller gets a session token (<c>AuthSvc.loginByCode</c>): what a 401 answer and the API's description tell callers.</summary>
    string SessionSource { get; }
}
