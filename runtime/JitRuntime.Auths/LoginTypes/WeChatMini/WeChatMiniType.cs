using JitRuntime.Auths.Audit;
using JitRuntime.Auths.Security;
using JitRuntime.Auths.Storage;
using JitRuntime.Auths.WeChat;
using JitRuntime.Calls;
using JitRuntime.Elements;
using JitRuntime.Databases;
using JitRuntime.Types;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Auths.LoginTypes.WeChatMini;

/// <summary>
/// WeChat Mini Program login (<c>auths.loginTypes.WeChatMiniType</c>). An element of this type is configured with
/// <c>allowRegister</c> in its <c>e.json</c> and <c>authConfig</c> in its business configuration, and offers
/// <c>getLoginCode</c>, <c>register</c>, <c>bind</c> and <c>unbind</c>. WeChat is always asked first, so a WeChat
/// failure changes nothing in the database; writes that belong together share one transaction.
/// </summary>
[ElementType(TypeName, Meta = ILoginType.MetaName,
    DeclarationSchema = TypeName + ".element.schema.json",
    ConfigurationSchema = TypeName + ".config.schema.json")]
public sealed partial class WeChatMiniType : ILoginType
{
    /// <summary>The Type's fullName.</summary>
    public const string TypeName = "auths.loginTypes.WeChatMiniType";

    private readonly IWeChatSessionClient _weChat;
    private readonly IWeChatServerApi _api;
    private readonly WeChatAccessTokens _tokens;
    private readonly PhoneNumberHasher _phones;
    private readonly AppDatabase _database;
    private readonly SessionKeyProtector _keys;
    private readonly LoginFlow _flow;
    private readonly TimeProvider _time;
    private readonly ILogger<WeChatMiniType> _logger;

    /// <summary>Binds the element's declaration and configuration; services come from the host.</summary>
    public WeChatMiniType(ElementContext context, IWeChatSessionClient weChat, IWeChatServerApi api, WeChatAccessTokens tokens, PhoneNumberHasher phones,
        AppDatabase database, SessionKeyProtector keys, LoginFlow flow, TimeProvider time, ILogger<WeChatMiniType> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Bind<WeChatMiniSettings>();
        FullName = context.FullName;
        Title = context.Title;
        AllowRegister = settings.AllowRegister;
        LinkByUnionId = settings.LinkByUnionId;
        LinkByPhone = settings.LinkByPhone;
        RegisterRisk = settings.RegisterRisk;
        ScanLogin = settings.ScanLogin;
        AuthConfig = new WeChatAuthConfig(settings.AuthConfig.AppId, settings.AuthConfig.AppSecret);
        _weChat = weChat;
        _api = api;
        _tokens = tokens;
        _phones = phones;
        _database = database;
        _keys = keys;
        _flow = flow;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public string FullName { get; }

    /// <inheritdoc />
    public string Title { get; }

    /// <summary>1 when an unknown WeChat user may register (gets a bindCode); 0 (the default) when refused.</summary>
    public int AllowRegister { get; }

    /// <summary><c>registerRisk</c> (<c>maxRank</c>, <c>onUnavailable</c>), or null when the element does not ask WeChat for the risk.</summary>
    internal WeChatMiniSettings.RegisterRiskSettings? RegisterRisk { get; }

    /// <summary><c>scanLogin</c> (<c>page</c>, <c>envVersion</c>, <c>width</c>), or null when the element does not offer scan to log in.</summary>
    internal WeChatMiniSettings.ScanLoginSettings? ScanLogin { get; }

    /// <summary>1 when a new openid whose unionid is bound through another WeChat login element links to that user.</summary>
    public int LinkByUnionId { get; }

    /// <summary>1 when <c>register</c> with a phone code binds a new openid to the one existing user with that verified number.</summary>
    public int LinkByPhone { get; }

    /// <summary>The Mini Program's AppID and AppSecret.</summary>
    public WeChatAuthConfig AuthConfig { get; }

    /// <summary>
    /// Exchanges a wx.login <paramref name="code"/> with WeChat. A known user gets a one-time loginCode and their
    /// corpList; an unknown one gets a 5-minute bindCode when <see cref="AllowRegister"/> is 1, and an error otherwise.
    /// </summary>
    [Audited()]
    [ElementMethod("getLoginCode", Title = "Exchange a wx.login code for a loginCode or bindCode", LoginRequired = false, Example = "{\"bindCode\":\"8tVq3b0F1W6Jx2n0cQk9s7Zr4yLmA5eHgUiOpDwXjT1\",\"expiresIn\":300}")]
    public async Task<GetLoginCodeResult> GetLoginCodeAsync(string code, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        var (session, sessionKey, now) = await ExchangeCodeAsync(code, cancellationToken).ConfigureAwait(false);
        var who = Identity(session, sessionKey);
        var known = await _flow.LogInAsync(FullName, who with { Secret = null }, now, async write =>
        {
            var (connection, transaction) = (write.Connection, write.Transaction);
            var userId = await WeChatLoginStore.TouchAsync(connection, transaction, FullName, AuthConfig.AppId, session.OpenId, session.UnionId, sessionKey, now)
                .ConfigureAwait(false);
            if (userId is null && LinkByUnionId == 1 && session.UnionId is { } unionId)
            {
                userId = await LinkAsync(write, session.OpenId, unionId, sessionKey, now).ConfigureAwait(false);
            }

            return userId;
        }, cancellationToken).ConfigureAwait(false);

        // A new WeChat user (nothing was written for it): the registration policy, then WeChat's risk rank outside any write.
        return known ?? await _flow.IssueBindCodeAsync(FullName, AllowRegister, who, now,
            () => CheckRegisterRiskAsync(session.OpenId, caller?.ClientAddress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>registerRisk</c>: WeChat's risk rank of a new user (scene 0, registration) must be at most <c>maxRank</c>. When
    /// WeChat does not answer (busy, unreachable, timing out) the registration goes on (<c>onUnavailable: allow</c>, the
    /// default, with a warning in the log) or is refused with WeChat's error (<c>refuse</c>).
    /// </summary>
    private async Task CheckRegisterRiskAsync(string openId, string? clientIp, CancellationToken cancellationToken)
    {
        if (RegisterRisk is not { } risk)
        {
            return;
        }

        int rank;
        try
        {
            rank = await _tokens.WithTokenAsync(AuthConfig.AppId, AuthConfig.AppSecret,
                token => _api.GetUserRiskRankAsync(AuthConfig.AppId, token, openId, scene: 0, clientIp, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (WeChatException ex) when (ex.Kind is ElementErrorKind.UpstreamUnavailable or ElementErrorKind.UpstreamTimeout && risk.OnUnavailable != "refuse")
        {
            LogRiskUnavailable(FullName, ex.Code);
            return;
        }

        if (rank > risk.MaxRank)
        {
            LogRegistrationRisky(FullName, rank, risk.MaxRank);
            throw LoginErrors.RegistrationRisky(rank, risk.MaxRank);
        }
    }

    /// <summary>
    /// Redeems a live, unused <paramref name="bindCode"/> once: creates the user and binds the openid (and unionid) in
    /// one transaction, and returns the new user with a loginCode. With <paramref name="phoneCode"/> (the phone-number
    /// button's code) the number WeChat verified for the bindCode's openid is stored on the user, and, when the element
    /// declares <c>linkByPhone: 1</c>, a number that belongs to exactly one existing user binds the openid to that user
    /// instead (<c>linked: true</c>); several users with the number: <c>phone_conflict</c>, nothing written.
    /// </summary>
    [Audited("registered")]
    [ElementMethod("register", Title = "Register a new user with a bindCode", LoginRequired = false, Example = "{\"userId\":7,\"createdAt\":\"2026-12-01T08:00:00+00:00\",\"loginCode\":\"Qz3...\",\"corpList\":[],\"expiresIn\":120}")]
    public async Task<RegisterResult> RegisterAsync(string bindCode, string? phoneCode = null, CancellationToken cancellationToken = default)
    {
        // WeChat is asked about the phone (with the bindCode's openid) before the write that redeems the bindCode.
        VerifiedPhone? phone = null;
        if (phoneCode is not null)
        {
            LoginArguments.WeChatCode(phoneCode, "phoneCode");
            var pending = await _flow.PeekBindCodeAsync(FullName, bindCode, cancellationToken).ConfigureAwait(false);
            phone = await VerifyPhoneAsync(phoneCode, pending.Subject, cancellationToken).ConfigureAwait(false);
        }

        Func<DatabaseWrite, ExternalIdentity, Task<long?>>? existingUser = phone is not null && LinkByPhone == 1
            ? async (write, _) =>
            {
                var users = await UserStore.FindByPhoneHashAsync(write.Connection, phone.Hash, write.Transaction).ConfigureAwait(false);
                return users.Count switch
                {
                    0 => null,
                    1 => users[0],
                    _ => throw LoginErrors.PhoneConflict(FullName, users.Count),
                };
            }
            : null;
        return await _flow.RegisterAsync(FullName, bindCode, existingUser, async (write, who, userId) =>
        {
            var details = WeChatCodeDetails.FromJson(who.Details);
            await WeChatLoginStore.AddAsync(write.Connection, write.Transaction, FullName, details.AppId, who.Subject, details.UnionId, who.Secret).ConfigureAwait(false);
            if (phone is not null)
            {
                await UserStore.SetPhoneAsync(write.Connection, userId, phone.Protected, phone.Hash, write.Transaction).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Binds the existing user <paramref name="userId"/> to the WeChat user behind <paramref name="code"/>.</summary>
    /// <remarks>Over HTTP this needs <paramref name="userId"/>'s own session (<paramref name="caller"/>, filled by the dispatch).</remarks>
    [Audited("bind")]
    [ElementMethod("bind", Title = "Bind the session's user to a WeChat user", RateLimit = ElementRateLimit.PerSession, Example = "{\"success\":true,\"message\":\"user 7 is bound to this WeChat user on login 'auths.loginTypes.myWeChatMiniLogin'\"}")]
    public async Task<OperationResult> BindAsync(long userId, string code, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        byte[]? sessionKey = null;
        string? unionId = null;
        await _flow.BindAsync(FullName, userId, caller, async () =>
            {
                var (session, key, _) = await ExchangeCodeAsync(code, cancellationToken).ConfigureAwait(false);
                (sessionKey, unionId) = (key, session.UnionId);
                return new ExternalIdentity(session.OpenId);
            },
            (write, who, _) => WeChatLoginStore.AddAsync(write.Connection, write.Transaction, FullName, AuthConfig.AppId, who.Subject, unionId, sessionKey),
            () => LoginErrors.OpenIdTaken(FullName), cancellationToken).ConfigureAwait(false);
        return new OperationResult { Message = $"user {userId} is bound to this WeChat user on login '{FullName}'" };
    }

    /// <summary>Removes <paramref name="userId"/>'s WeChat binding on this login element.</summary>
    /// <remarks>Over HTTP this needs <paramref name="userId"/>'s own session (<paramref name="caller"/>, filled by the dispatch).</remarks>
    [Audited("unbind")]
    [ElementMethod("unbind", Title = "Remove the session's user's WeChat binding", RateLimit = ElementRateLimit.PerSession, Example = "{\"success\":true,\"message\":\"user 7 is no longer bound to a WeChat user on login 'auths.loginTypes.myWeChatMiniLogin'\"}")]
    public async Task<OperationResult> UnbindAsync(long userId, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        await _flow.UnbindAsync(FullName, userId, caller, cancellationToken).ConfigureAwait(false);
        return new OperationResult { Message = $"user {userId} is no longer bound to a WeChat user on login '{FullName}'" };
    }

    /// <summary>
    /// Asks WeChat for the phone number behind <paramref name="code"/> (the code of the Mini Program's phone-number
    /// button, not wx.login's) for the user of the caller's session (or <paramref name="userId"/>: trusted callers must
    /// name one; a remote caller may name only its own), checks it was issued for this Mini Program, stores it on the
    /// user encrypted with a keyed hash for lookups, and returns it.
    /// </summary>
    [Audited("phone_number")]
    [ElementMethod("getPhoneNumber", Title = "Get and store the session user's phone number", RateLimit = ElementRateLimit.PerSession, Example = "{\"phoneNumber\":\"13800138000\",\"purePhoneNumber\":\"13800138000\",\"countryCode\":\"86\"}")]
    public async Task<PhoneNumberResult> GetPhoneNumberAsync(string code, long? userId = null, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        LoginArguments.WeChatCode(code);
        var user = LoginFlow.ActingUser(userId, caller);
        var binding = await FindBindingAsync(user, cancellationToken).ConfigureAwait(false);
        var phone = await VerifyPhoneAsync(code, binding.OpenId, cancellationToken).ConfigureAwait(false);
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await UserStore.SetPhoneAsync(connection, user, phone.Protected, phone.Hash).ConfigureAwait(false);
        }

        LogPhoneStored(FullName, user);
        return new PhoneNumberResult { PhoneNumber = phone.Number.PhoneNumber, PurePhoneNumber = phone.Number.PurePhoneNumber, CountryCode = phone.Number.CountryCode };
    }

    /// <summary>A phone number WeChat verified for an openid of this Mini Program, encrypted for storage with its keyed hash for lookups.</summary>
    private sealed record VerifiedPhone(WeChatPhoneNumber Number, byte[] Protected, string Hash);

    /// <summary>
    /// Asks WeChat for the number behind a phone-number button's <paramref name="code"/> issued to <paramref name="openId"/>
    /// (WeChat refuses a code issued to another user) and checks it was issued for this Mini Program.
    /// </summary>
    private async Task<VerifiedPhone> VerifyPhoneAsync(string code, string openId, CancellationToken cancellationToken)
    {
        WeChatPhoneNumber phone;
        try
        {
            phone = await _tokens.WithTokenAsync(AuthConfig.AppId, AuthConfig.AppSecret,
                token => _api.GetUserPhoneNumberAsync(AuthConfig.AppId, token, code, openId, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (WeChatException ex) when (ex.ErrCode == 40029)
        {
            throw new WeChatException(ElementErrorKind.InvalidArgument, "wechat_invalid_phone_code",
                "WeChat says the phone-number code is invalid: pass the code of the getPhoneNumber button's event (e.detail.code), not wx.login's; " +
                "each code is single use, lives 5 minutes and belongs to the user it was issued to", 40029);
        }

        if (phone.WatermarkAppId != AuthConfig.AppId)
        {
            throw new ElementCallException(ElementErrorKind.UpstreamError, "watermark_mismatch", "WeChat's phone number was issued for another Mini Program");
        }

        var hash = await _phones.HashAsync(phone.CountryCode, phone.PurePhoneNumber, cancellationToken).ConfigureAwait(false);
        return new VerifiedPhone(phone, _phones.Protect(phone.PhoneNumber), hash);
    }

    /// <summary>
    /// Asks WeChat whether the user's stored session key is still the current one (<c>/wxa/checksession</c>, signed
    /// with <c>hex(hmac_sha256(session_key, ""))</c>). A stale key is remembered: decrypting with it is refused
    /// (<c>session_key_stale</c>) without asking WeChat again, until the user logs in again.
    /// </summary>
    [Audited()]
    [ElementMethod("checkSession", Title = "Check the session user's WeChat session key", RateLimit = ElementRateLimit.PerSession, Example = "{\"valid\":true}")]
    public async Task<SessionCheckResult> CheckSessionAsync(long? userId = null, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        var user = LoginFlow.ActingUser(userId, caller);
        var binding = await FindBindingAsync(user, cancellationToken).ConfigureAwait(false);
        if (binding.SessionKeyStale != 0)
        {
            return new SessionCheckResult { Valid = false };
        }

        var sessionKey = (binding.SessionKey is null ? null : _keys.Unprotect(binding.SessionKey)) ?? throw LoginErrors.NoSessionKey(user);
        var signature = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(sessionKey.Value), Array.Empty<byte>()));
        try
        {
            await _tokens.WithTokenAsync(AuthConfig.AppId, AuthConfig.AppSecret, async token =>
            {
                await _api.CheckSessionAsync(AuthConfig.AppId, token, binding.OpenId, signature, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            return new SessionCheckResult { Valid = true };
        }
        catch (WeChatException ex) when (ex.ErrCode == 87009)
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await WeChatLoginStore.MarkStaleAsync(connection, FullName, user).ConfigureAwait(false);
            LogSessionKeyStale(FullName, user);
            return new SessionCheckResult { Valid = false };
        }
    }

    private async Task<WeChatLoginStore.Binding> FindBindingAsync(long userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await WeChatLoginStore.FindBindingAsync(connection, FullName, userId).ConfigureAwait(false) ?? throw LoginErrors.NotBound(userId, FullName);
    }

    /// <summary>
    /// linkByUnionId: binds a new openid to the one user its unionid is already bound to through another WeChat login
    /// element of the app. Null when no user has that unionid; refused when several do (never merged silently).
    /// </summary>
    private async Task<long?> LinkAsync(DatabaseWrite write, string openId, string unionId, byte[] sessionKey, long now)
    {
        var (connection, transaction) = (write.Connection, write.Transaction);
        var users = await WeChatLoginStore.FindUsersByUnionIdAsync(connection, transaction, FullName, unionId).ConfigureAwait(false);
        switch (users.Count)
        {
            case 0:
                return null;
            case > 1:
                throw LoginErrors.UnionIdConflict(FullName, users.Count);
        }

        if (await ExternalLoginStore.InsertAsync(connection, transaction, FullName, openId, users[0], now).ConfigureAwait(false) != ExternalLoginStore.Conflict.None)
        {
            // A racing first login of the same openid linked it (or it was registered meanwhile): log in as whoever won.
            // Otherwise the user has another openid bound here already.
            return await WeChatLoginStore.TouchAsync(connection, transaction, FullName, AuthConfig.AppId, openId, unionId, sessionKey, now).ConfigureAwait(false)
                ?? throw LoginErrors.AlreadyBound(users[0], FullName);
        }

        await WeChatLoginStore.AddAsync(connection, transaction, FullName, AuthConfig.AppId, openId, unionId, sessionKey).ConfigureAwait(false);
        LogLinked(FullName, users[0]);
        return users[0];
    }

    /// <summary>
    /// Decrypts data the Mini Program got from WeChat for <paramref name="userId"/> (phone number, user info) with the
    /// stored session key, and checks it was issued for this Mini Program. Server-side API: a host exposes it only to
    /// a caller authenticated as that user.
    /// </summary>
    public async Task<JObject> DecryptDataAsync(long userId, string encryptedData, string iv, CancellationToken cancellationToken = default)
    {
        var sessionKey = await LoadSessionKeyAsync(userId, cancellationToken).ConfigureAwait(false);
        return WeChatDataCrypto.Decrypt(sessionKey, encryptedData, iv, AuthConfig.AppId);
    }

    /// <summary>True when <paramref name="signature"/> is <c>sha1(rawData + session_key)</c> for the user's stored session key.</summary>
    public async Task<bool> VerifySignatureAsync(long userId, string rawData, string signature, CancellationToken cancellationToken = default)
    {
        var sessionKey = await LoadSessionKeyAsync(userId, cancellationToken).ConfigureAwait(false);
        return WeChatDataCrypto.VerifySignature(sessionKey, rawData, signature);
    }

    private async Task<WeChatSessionKey> LoadSessionKeyAsync(long userId, CancellationToken cancellationToken)
    {
        LoginArguments.UserId(userId);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var binding = await WeChatLoginStore.FindBindingAsync(connection, FullName, userId).ConfigureAwait(false);
        if (binding is { SessionKeyStale: not 0 })
        {
            throw LoginErrors.SessionKeyStale(userId);
        }

        return (binding?.SessionKey is { } stored ? _keys.Unprotect(stored) : null) ?? throw LoginErrors.NoSessionKey(userId);
    }

    /// <summary>
    /// Checks a wx.login code and exchanges it with WeChat, before any database work: a WeChat failure changes nothing.
    /// Returns the session, its key encrypted for storage, and the time to stamp rows with.
    /// </summary>
    private async Task<(WeChatSession Session, byte[] ProtectedKey, long Now)> ExchangeCodeAsync(string code, CancellationToken cancellationToken)
    {
        LoginArguments.WeChatCode(code);
        var session = await _weChat.Code2SessionAsync(AuthConfig.AppId, AuthConfig.AppSecret, code, cancellationToken).ConfigureAwait(false);
        return (session, _keys.Protect(session.SessionKey), _time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>The external user of a WeChat session: the openid, with appId and unionId, and the encrypted session key for a bindCode.</summary>
    private ExternalIdentity Identity(WeChatSession session, byte[] sessionKey) =>
        new(session.OpenId, new WeChatCodeDetails(AuthConfig.AppId, session.UnionId).ToJson(), sessionKey);

    [LoggerMessage(EventId = 206, Level = LogLevel.Information, Message = "Login {LoginElement}: a new openid linked to user {UserId} by unionid")]
    private partial void LogLinked(string loginElement, long userId);

    [LoggerMessage(EventId = 207, Level = LogLevel.Information, Message = "Login {LoginElement}: phone number stored for user {UserId}")]
    private partial void LogPhoneStored(string loginElement, long userId);

    [LoggerMessage(EventId = 208, Level = LogLevel.Information, Message = "Login {LoginElement}: WeChat says user {UserId}'s session key is stale")]
    private partial void LogSessionKeyStale(string loginElement, long userId);

    [LoggerMessage(EventId = 209, Level = LogLevel.Information, Message = "Login {LoginElement}: registration refused, WeChat's risk rank {Rank} is above {MaxRank}")]
    private partial void LogRegistrationRisky(string loginElement, int rank, int maxRank);

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Login {LoginElement}: WeChat's risk rank could not be had ({Code}); the registration goes on (registerRisk.onUnavailable is allow)")]
    private partial void LogRiskUnavailable(string loginElement, string code);
}
