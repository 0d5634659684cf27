using JitRuntime.Auths.Security;
using JitRuntime.Auths.Storage;
using JitRuntime.Calls;
using JitRuntime.Databases;

namespace JitRuntime.Auths.Sessions;

/// <summary>Checks remote callers' bearer tokens against the sessions <c>loginByCode</c> issued.</summary>
public sealed class SessionAuthenticator(AppDatabase database, TimeProvider time) : IElementCallerAuthenticator
{
    /// <inheritdoc />
    public string SessionSource => "AuthSvc.loginByCode";

    /// <inheritdoc />
    public async Task<long?> AuthenticateAsync(string bearerToken, CancellationToken cancellationToken = default)
    {
        if (!OneTimeCode.IsWellFormed(bearerToken))
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var session = await SessionStore.FindLiveAsync(connection, OneTimeCode.Hash(bearerToken), time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false);
        return session?.UserId;
    }
}
