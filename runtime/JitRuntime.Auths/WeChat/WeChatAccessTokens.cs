using System.Collections.Concurrent;
using JitRuntime.Auths.Security;
using JitRuntime.Auths.Storage;
using JitRuntime.Calls;
using JitRuntime.Databases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Auths.WeChat;

/// <summary>
/// One WeChat access_token per appid for the whole deployment. Fetched with the stable token API (normal mode returns
/// the same token while it is valid, so nodes never invalidate each other), cached encrypted in the app's database
/// with its expiry, refreshed ahead of expiry by one node at a time (a lease row in the database) and one call at a
/// time within a node. A token WeChat rejects (40001, 42001) is fetched again in normal mode; only when WeChat hands
/// back the same token is a refresh forced, at most once per 30 s per appid across nodes.
/// </summary>
public sealed partial class WeChatAccessTokens(
    IServiceProvider services,
    AppDatabase database,
    JitRuntime.Secrets.SecretProtector protector,
    TimeProvider time,
    IOptionsMonitor<WeChatOptions> options,
    ILogger<WeChatAccessTokens> logger)
{
    private const string Purpose = "JitRuntime.Auths.WeChat.AccessToken.v1";

    /// <summary>WeChat allows a forced refresh once per 30 s per appid.</summary>
    private static readonly TimeSpan ForcedRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>A token just fetched is used as it is for this long even inside the refresh window (no refetch loop).</summary>
    private static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(1);

    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, (string Token, long ExpiresAt, long FetchedAt)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>Calls <paramref name="call"/> with the appid's token; when WeChat rejects the token, gets a valid one and calls once more.</summary>
    public async Task<T> WithTokenAsync<T>(string appId, string appSecret, Func<string, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var token = await GetAsync(appId, appSecret, cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(token).ConfigureAwait(false);
        }
        catch (WeChatException ex) when (ex.ErrCode is 40001 or 42001)
        {
            LogRejected(appId, ex.ErrCode.Value);
            var replacement = await RefreshOnceAsync(appId, appSecret, rejected: token, cancellationToken).ConfigureAwait(false);
            return await call(replacement).ConfigureAwait(false);
        }
    }

    /// <summary>The appid's current token: from this node's memory, else the database, else WeChat.</summary>
    public Task<string> GetAsync(string appId, string appSecret, CancellationToken cancellationToken) =>
        _cache.TryGetValue(appId, out var cached) && Usable(cached.ExpiresAt, cached.FetchedAt, Now())
            ? Task.FromResult(cached.Token)
            : RefreshOnceAsync(appId, appSecret, rejected: null, cancellationToken);

    /// <summary>
    /// One refresh per appid at a time on this node: a call that waited finds the token the one before it got (usable,
    /// and not the one WeChat rejected) and goes no further.
    /// </summary>
    private async Task<string> RefreshOnceAsync(string appId, string appSecret, string? rejected, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(appId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cache.TryGetValue(appId, out var cached) && cached.Token != rejected && Usable(cached.ExpiresAt, cached.FetchedAt, Now()))
            {
                return cached.Token;
            }

            return await RefreshAsync(appId, appSecret, rejected, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Under this node's gate: the database's token if it is usable (and not the rejected one), else a new one fetched
    /// by whichever node takes the lease; the others wait for it, or keep using the old token while it is still valid.
    /// </summary>
    private async Task<string> RefreshAsync(string appId, string appSecret, string? rejected, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var lease = settings.Timeout * (settings.MaxAttempts + 1) + TimeSpan.FromSeconds(5);
        var deadline = Now() + (long)lease.TotalMilliseconds * 2;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Now();
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            var (row, stored) = await ReadAsync(connection, appId).ConfigureAwait(false);
            if (stored is not null && stored != rejected && Usable(row!.ExpiresAt, row.FetchedAt, now))
            {
                return Remember(appId, stored, row.ExpiresAt, row.FetchedAt);
            }

            if (await AccessTokenStore.TryLeaseAsync(connection, appId, _owner, now, now + (long)lease.TotalMilliseconds).ConfigureAwait(false))
            {
                // The lease may have been given back by a node that has just stored a new token since the read above.
                var (latest, latestToken) = await ReadAsync(connection, appId).ConfigureAwait(false);
                if (latestToken is not null && latestToken != rejected && Usable(latest!.ExpiresAt, latest.FetchedAt, now))
                {
                    await AccessTokenStore.ReleaseAsync(connection, appId, _owner).ConfigureAwait(false);
                    return Remember(appId, latestToken, latest.ExpiresAt, latest.FetchedAt);
                }

                return await FetchAsync(connection, appId, appSecret, rejected, latest?.ForcedAt ?? 0, cancellationToken).ConfigureAwait(false);
            }

            // Another node is fetching. A token still valid (inside the refresh window) serves meanwhile.
            if (stored is not null && stored != rejected && row!.ExpiresAt > now)
            {
                return Remember(appId, stored, row.ExpiresAt, row.FetchedAt);
            }

            if (now > deadline)
            {
                throw new WeChatException(ElementErrorKind.UpstreamUnavailable, "wechat_token_unavailable",
                    "no WeChat access_token could be had in time (another node holds the refresh and has not finished); try again");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> FetchAsync(System.Data.Common.DbConnection connection, string appId, string appSecret, string? rejected, long forcedAt,
        CancellationToken cancellationToken)
    {
        // The typed client is resolved per fetch (not held by this singleton), so the HTTP client factory keeps rotating its handler.
        var weChat = (IWeChatServerApi)services.GetService(typeof(IWeChatServerApi))!;
        try
        {
            var fetched = await weChat.GetStableTokenAsync(appId, appSecret, forceRefresh: false, cancellationToken).ConfigureAwait(false);
            var now = Now();
            if (fetched.Token == rejected && now - forcedAt >= (long)ForcedRefreshInterval.TotalMilliseconds)
            {
                // WeChat still hands out the token it just rejected: it was invalidated behind our back; force a new one.
                LogForced(appId);
                fetched = await weChat.GetStableTokenAsync(appId, appSecret, forceRefresh: true, cancellationToken).ConfigureAwait(false);
                forcedAt = now;
            }

            var expiresAt = now + (long)fetched.ExpiresIn.TotalMilliseconds;
            await AccessTokenStore.StoreAsync(connection, appId, _owner, protector.ProtectSecret(Purpose, fetched.Token), expiresAt, now, forcedAt)
                .ConfigureAwait(false);
            LogFetched(appId, (long)fetched.ExpiresIn.TotalSeconds);
            return Remember(appId, fetched.Token, expiresAt, now);
        }
        catch
        {
            await AccessTokenStore.ReleaseAsync(connection, appId, _owner).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The appid's row and its token decrypted (null when there is none, or it cannot be decrypted).</summary>
    private async Task<(AccessTokenStore.Row? Row, string? Token)> ReadAsync(System.Data.Common.DbConnection connection, string appId)
    {
        var row = await AccessTokenStore.FindAsync(connection, appId).ConfigureAwait(false);
        return (row, row?.Token is { } bytes ? protector.UnprotectSecret(Purpose, bytes) : null);
    }

    private string Remember(string appId, string token, long expiresAt, long fetchedAt)
    {
        _cache[appId] = (token, expiresAt, fetchedAt);
        return token;
    }

    /// <summary>Valid beyond the refresh window, or fetched a moment ago (WeChat answers a token's remaining life).</summary>
    private bool Usable(long expiresAt, long fetchedAt, long now) =>
        expiresAt - now > (long)options.CurrentValue.AccessTokenRefreshAhead.TotalMilliseconds
        || (expiresAt > now && now - fetchedAt < (long)FreshFor.TotalMilliseconds);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "WeChat access_token for {AppId} fetched; valid for {Seconds} s")]
    private partial void LogFetched(string appId, long seconds);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "WeChat rejected the access_token for {AppId} (errcode {ErrCode}); getting a valid one and retrying once")]
    private partial void LogRejected(string appId, int errCode);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "WeChat still hands out the rejected access_token for {AppId}; forcing a refresh")]
    private partial void LogForced(string appId);
}
