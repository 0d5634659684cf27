using JitRuntime.Auths.Audit;
using JitRuntime.Auths.LoginTypes;
using JitRuntime.Auths.Security;
using JitRuntime.Auths.Storage;
using JitRuntime.Calls;
using JitRuntime.Elements;
using JitRuntime.Databases;
using JitRuntime.Types;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Auths.Sessions;

/// <summary>
/// The login service (<c>auths.loginTypes.services.AuthSvc</c> in an app): completes a login by redeeming a loginCode
/// from any login element for a session token in one organization, and answers who a token belongs to.
/// </summary>
[ElementType(TypeName, DeclarationSchema = TypeName + ".element.schema.json")]
public sealed partial class AuthSvcType
{
    /// <summary>The Type's fullName.</summary>
    public const string TypeName = "auths.loginTypes.services.AuthSvcType";

    private readonly AppDatabase _database;
    private readonly PhoneNumberHasher _phones;
    private readonly TimeProvider _time;
    private readonly TimeSpan _sessionLifetime;
    private readonly TimeSpan _loginCodeLifetime;
    private readonly ILogger<AuthSvcType> _logger;

    /// <summary>Binds the element's declaration; services come from the host.</summary>
    public AuthSvcType(ElementContext context, AppDatabase database, PhoneNumberHasher phones, TimeProvider time, IOptions<LoginOptions> options,
        ILogger<AuthSvcType> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        FullName = context.FullName;
        var minutes = (int?)context.Declaration["sessionLifetimeMinutes"];
        _sessionLifetime = minutes is { } m ? TimeSpan.FromMinutes(m) : options.Value.SessionLifetime;
        _loginCodeLifetime = options.Value.LoginCodeLifetime;
        _database = database;
        _phones = phones;
        _time = time;
        _logger = logger;
    }

    /// <summary>The element's fullName.</summary>
    public string FullName { get; }

    /// <summary>
    /// Redeems a one-time <paramref name="loginCode"/> for a session token in organization <paramref name="corp"/>
    /// (optional when the user belongs to at most one). The code is consumed only when the login succeeds, and only once:
    /// of concurrent redemptions on any number of nodes exactly one opens a session.
    /// </summary>
    [Audited("login")]
    [ElementMethod("loginByCode", Title = "Redeem a loginCode for a session token", LoginRequired = false, Example = "{\"token\":\"V1b...\",\"userId\":7,\"corpId\":null,\"platform\":\"wechatMini\",\"loginElement\":\"auths.loginTypes.myWeChatMiniLogin\",\"expiresAt\":\"2026-12-08T08:00:00+00:00\"}")]
    public async Task<LoginSession> LoginByCodeAsync(string loginCode, string? corp = null, string? platform = null, CancellationToken cancellationToken = default)
    {
        var hash = OneTimeCode.Hash(LoginArguments.IssuedCode(loginCode, "loginCode"));
        corp = LoginArguments.OptionalName(corp, "corp");
        platform = LoginArguments.OptionalName(platform, "platform") ?? "unknown";
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();

        await using var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = (write.Connection, write.Transaction);
        // Redeemed first, by the conditional update: a refusal below (corp) rolls the redemption back with the rest.
        var code = await CodeStore.RedeemAsync(connection, transaction, hash, CodeRow.LoginKind, null, now, _loginCodeLifetime).ConfigureAwait(false);
        var userId = code.UserId ?? throw new InvalidOperationException("a loginCode row without its user");
        var corps = await OrganizationStore.ListForUserAsync(connection, transaction, userId).ConfigureAwait(false);
        var corpId = ChooseCorp(corps, corp);
        var (token, tokenHash) = OneTimeCode.Generate();
        var expiresAt = now + (long)_sessionLifetime.TotalMilliseconds;
        await SessionStore.InsertAsync(connection, transaction, tokenHash, userId, corpId, platform, code.LoginElement, now, expiresAt).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogLoggedIn(userId, corpId ?? "-", code.LoginElement);
        return new LoginSession
        {
            Token = token,
            UserId = userId,
            CorpId = corpId,
            Platform = platform,
            LoginElement = code.LoginElement,
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expiresAt),
        };
    }

    /// <summary>Who <paramref name="token"/> belongs to, while it is live.</summary>
    // The token is the credential itself: no other session is asked for.
    [Audited()]
    [ElementMethod("getSession", Title = "Who a session token belongs to", LoginRequired = false, Example = "{\"userId\":7,\"corpId\":null,\"platform\":\"wechatMini\",\"loginElement\":\"auths.loginTypes.myWeChatMiniLogin\",\"expiresAt\":\"2026-12-08T08:00:00+00:00\"}")]
    public async Task<LoginSession> GetSessionAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = OneTimeCode.Hash(LoginArguments.IssuedCode(token, "token"));
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await SessionStore.FindLiveAsync(connection, hash, _time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false)
            ?? throw LoginErrors.InvalidToken();
        return new LoginSession
        {
            UserId = row.UserId,
            CorpId = row.CorpId,
            Platform = row.Platform,
            LoginElement = row.LoginElement,
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt),
        };
    }

    /// <summary>Ends the session behind <paramref name="token"/>.</summary>
    [Audited("logout")]
    [ElementMethod("logout", Title = "End a session", LoginRequired = false, Example = "{\"success\":true,\"message\":\"logged out\"}")]
    public async Task<OperationResult> LogoutAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = OneTimeCode.Hash(LoginArguments.IssuedCode(token, "token"));
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await SessionStore.RevokeAsync(connection, hash, _time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false) == 0)
        {
            throw LoginErrors.InvalidToken();
        }

        return new OperationResult { Message = "logged out" };
    }

    /// <summary>Adds (or renames) an organization. Server-side administration, not callable from outside.</summary>
    public async Task AddCorpAsync(string corpId, string corpName, CancellationToken cancellationToken = default)
    {
        corpId = LoginArguments.OptionalName(corpId, "corpId") ?? throw LoginErrors.InvalidArgument("corpId", "a non-empty id");
        if (string.IsNullOrWhiteSpace(corpName) || corpName.Length > 200)
        {
            throw LoginErrors.InvalidArgument("corpName", "a name of 1 to 200 characters");
        }

        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await OrganizationStore.UpsertCorpAsync(connection, corpId, corpName).ConfigureAwait(false);
    }

    /// <summary>Makes a user a member of an organization. Server-side administration, not callable from outside.</summary>
    public async Task AddMemberAsync(string corpId, long userId, CancellationToken cancellationToken = default)
    {
        LoginArguments.UserId(userId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!await OrganizationStore.AddMemberAsync(connection, corpId, userId).ConfigureAwait(false))
        {
            throw new ElementCallException(ElementErrorKind.NotFound, "not_found", $"organization '{corpId}' or user {userId} does not exist");
        }
    }

    /// <summary>
    /// The users whose stored phone number (from <c>getPhoneNumber</c>) is <paramref name="purePhoneNumber"/> in
    /// <paramref name="countryCode"/>, found by its keyed hash (the number is not stored in plain text). Server-side API.
    /// </summary>
    public async Task<IReadOnlyList<long>> FindUsersByPhoneAsync(string purePhoneNumber, string countryCode = "86", CancellationToken cancellationToken = default)
    {
        var hash = await _phones.HashAsync(countryCode, purePhoneNumber, cancellationToken).ConfigureAwait(false);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await UserStore.FindByPhoneHashAsync(connection, hash).ConfigureAwait(false);
    }

    private static string? ChooseCorp(IReadOnlyList<Corp> corps, string? requested)
    {
        if (requested is not null)
        {
            return corps.Any(c => c.CorpId == requested) ? requested : throw LoginErrors.NotMember(requested);
        }

        return corps.Count switch
        {
            0 => null,
            1 => corps[0].CorpId,
            _ => throw LoginErrors.CorpRequired(corps.Select(c => c.CorpId)),
        };
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "User {UserId} logged in to corp {CorpId} through {LoginElement}")]
    private partial void LogLoggedIn(long userId, string corpId, string loginElement);
}
