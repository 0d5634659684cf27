using JitRuntime.Auths.Security;
using JitRuntime.Auths.Storage;
using JitRuntime.Auths.WeChat;
using JitRuntime.Calls;
using JitRuntime.Elements;
using JitRuntime.Databases;
using JitRuntime.Types;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
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
    private readonly AppDatabase _database;
    private readonly SessionKeyProtector _keys;
    private readonly TimeProvider _time;
    private readonly LoginOptions _options;
    private readonly ILogger<WeChatMiniType> _logger;

    /// <summary>Binds the element's declaration and configuration; services come from the host.</summary>
    public WeChatMiniType(ElementContext context, IWeChatSessionClient weChat, AppDatabase database, SessionKeyProtector keys,
        TimeProvider time, IOptions<LoginOptions> options, ILogger<WeChatMiniType> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var settings = context.Bind<WeChatMiniSettings>();
        FullName = context.FullName;
        Title = context.Title;
        AllowRegister = settings.AllowRegister;
        AuthConfig = new WeChatAuthConfig(settings.AuthConfig.AppId, settings.AuthConfig.AppSecret);
        _weChat = weChat;
        _database = database;
        _keys = keys;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    public string FullName { get; }

    /// <inheritdoc />
    public string Title { get; }

    /// <summary>1 when an unknown WeChat user may register (gets a bindCode); 0 (the default) when refused.</summary>
    public int AllowRegister { get; }

    /// <summary>The Mini Program's AppID and AppSecret.</summary>
    public WeChatAuthConfig AuthConfig { get; }

    /// <summary>
    /// Exchanges a wx.login <paramref name="code"/> with WeChat. A known user gets a one-time loginCode and their
    /// corpList; an unknown one gets a 5-minute bindCode when <see cref="AllowRegister"/> is 1, and an error otherwise.
    /// </summary>
    [ElementMethod("getLoginCode", Title = "Exchange a wx.login code for a loginCode or bindCode", LoginRequired = false)]
    public async Task<GetLoginCodeResult> GetLoginCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        var (session, sessionKey, now) = await ExchangeCodeAsync(code, cancellationToken).ConfigureAwait(false);
        await using var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var userId = await WeChatBindingStore.TouchAsync(connection, transaction, FullName, AuthConfig.AppId, session.OpenId, session.UnionId, sessionKey, now)
            .ConfigureAwait(false);
        if (userId is { } knownUser)
        {
            var loginCode = await IssueLoginCodeAsync(connection, transaction, AuthConfig.AppId, session.OpenId, session.UnionId, knownUser, now)
                .ConfigureAwait(false);
            var corps = await OrganizationStore.ListForUserAsync(connection, transaction, knownUser).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogLoginCode(FullName, knownUser);
            return new GetLoginCodeResult { LoginCode = loginCode, CorpList = corps, ExpiresIn = Seconds(_options.LoginCodeLifetime) };
        }

        if (AllowRegister != 1)
        {
            LogRegistrationClosed(FullName);
            throw LoginErrors.RegistrationClosed(FullName);
        }

        var (bindCode, bindHash) = OneTimeCode.Generate();
        await CodeStore.InsertAsync(connection, transaction, new CodeRow
        {
            CodeHash = bindHash, Kind = CodeRow.BindKind, LoginElement = FullName, Subject = session.OpenId,
            Details = new WeChatCodeDetails(AuthConfig.AppId, session.UnionId).ToJson(), Secret = sessionKey, CreatedAt = now,
            ExpiresAt = now + (long)_options.BindCodeLifetime.TotalMilliseconds,
        }).ConfigureAwait(false);
        await CodeStore.PurgeAsync(connection, transaction, now).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogBindCode(FullName);
        return new GetLoginCodeResult { BindCode = bindCode, ExpiresIn = Seconds(_options.BindCodeLifetime) };
    }

    /// <summary>
    /// Redeems a live, unused <paramref name="bindCode"/> once: creates the user and binds the openid (and unionid) in
    /// one transaction, and returns the new user with a loginCode.
    /// </summary>
    [ElementMethod("register", Title = "Register a new user with a bindCode", LoginRequired = false)]
    public async Task<RegisterResult> RegisterAsync(string bindCode, CancellationToken cancellationToken = default)
    {
        var hash = OneTimeCode.Hash(LoginArguments.IssuedCode(bindCode, "bindCode"));
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var code = await CodeStore.RedeemAsync(connection, transaction, hash, CodeRow.BindKind, FullName, now).ConfigureAwait(false);
        if (code is null)
        {
            var refusal = await CodeStore.ClassifyAsync(connection, transaction, hash, CodeRow.BindKind, FullName, now).ConfigureAwait(false);
            throw LoginErrors.BindCode(refusal, _options.BindCodeLifetime);
        }

        var userId = await UserStore.CreateAsync(connection, transaction, now).ConfigureAwait(false);
        var details = WeChatCodeDetails.FromJson(code.Details);
        if (!await WeChatBindingStore.InsertAsync(connection, transaction, FullName, details.AppId, code.Subject, details.UnionId, userId, code.Secret, now)
                .ConfigureAwait(false))
        {
            // A racing registration of the same WeChat user committed first: nothing of this one is kept.
            throw LoginErrors.AlreadyRegistered();
        }

        var loginCode = await IssueLoginCodeAsync(connection, transaction, details.AppId, code.Subject, details.UnionId, userId, now).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogRegistered(FullName, userId);
        return new RegisterResult
        {
            UserId = userId,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(now),
            LoginCode = loginCode,
            ExpiresIn = Seconds(_options.LoginCodeLifetime),
        };
    }

    /// <summary>Binds the existing user <paramref name="userId"/> to the WeChat user behind <paramref name="code"/>.</summary>
    /// <remarks>Over HTTP this needs <paramref name="userId"/>'s own session (<paramref name="caller"/>, filled by the dispatch).</remarks>
    [ElementMethod("bind", Title = "Bind the session's user to a WeChat user", RateLimit = ElementRateLimit.PerSession)]
    public async Task<OperationResult> BindAsync(long userId, string code, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        LoginArguments.UserId(userId);
        caller?.EnsureActsFor(userId);
        var (session, sessionKey, now) = await ExchangeCodeAsync(code, cancellationToken).ConfigureAwait(false);
        await using var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (!await UserStore.ExistsAsync(connection, transaction, userId).ConfigureAwait(false))
        {
            throw LoginErrors.UserNotFound(userId);
        }

        if (await WeChatBindingStore.FindOpenIdAsync(connection, transaction, FullName, userId).ConfigureAwait(false) is not null)
        {
            throw LoginErrors.AlreadyBound(userId, FullName);
        }

        if (!await WeChatBindingStore.InsertAsync(connection, transaction, FullName, AuthConfig.AppId, session.OpenId, session.UnionId, userId, sessionKey, now)
                .ConfigureAwait(false))
        {
            throw LoginErrors.OpenIdTaken(FullName);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogBound(FullName, userId);
        return new OperationResult { Message = $"user {userId} is bound to this WeChat user on login '{FullName}'" };
    }

    /// <summary>Removes <paramref name="userId"/>'s WeChat binding on this login element.</summary>
    /// <remarks>Over HTTP this needs <paramref name="userId"/>'s own session (<paramref name="caller"/>, filled by the dispatch).</remarks>
    [ElementMethod("unbind", Title = "Remove the session's user's WeChat binding", RateLimit = ElementRateLimit.PerSession)]
    public async Task<OperationResult> UnbindAsync(long userId, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        LoginArguments.UserId(userId);
        caller?.EnsureActsFor(userId);
        await using var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (await WeChatBindingStore.DeleteAsync(connection, transaction, FullName, userId).ConfigureAwait(false) == 0)
        {
            throw LoginErrors.NotBound(userId, FullName);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogUnbound(FullName, userId);
        return new OperationResult { Message = $"user {userId} is no longer bound to a WeChat user on login '{FullName}'" };
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
        var stored = await WeChatBindingStore.FindSessionKeyAsync(connection, FullName, userId).ConfigureAwait(false);
        return (stored is null ? null : _keys.Unprotect(stored)) ?? throw LoginErrors.NoSessionKey(userId);
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

    /// <summary>Stores a new loginCode for <paramref name="userId"/> in the caller's transaction and returns it.</summary>
    private async Task<string> IssueLoginCodeAsync(System.Data.IDbConnection connection, System.Data.IDbTransaction transaction, string appId, string openId,
        string? unionId, long userId, long now)
    {
        var (loginCode, loginHash) = OneTimeCode.Generate();
        await CodeStore.InsertAsync(connection, transaction, new CodeRow
        {
            CodeHash = loginHash, Kind = CodeRow.LoginKind, LoginElement = FullName, Subject = openId,
            Details = new WeChatCodeDetails(appId, unionId).ToJson(), UserId = userId, CreatedAt = now,
            ExpiresAt = now + (long)_options.LoginCodeLifetime.TotalMilliseconds,
        }).ConfigureAwait(false);
        return loginCode;
    }

    private static int Seconds(TimeSpan span) => (int)span.TotalSeconds;

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Login {LoginElement}: loginCode issued to user {UserId}")]
    private partial void LogLoginCode(string loginElement, long userId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "Login {LoginElement}: bindCode issued to a new WeChat user")]
    private partial void LogBindCode(string loginElement);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Login {LoginElement}: unknown WeChat user refused (registration closed)")]
    private partial void LogRegistrationClosed(string loginElement);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Login {LoginElement}: user {UserId} registered")]
    private partial void LogRegistered(string loginElement, long userId);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Login {LoginElement}: user {UserId} bound")]
    private partial void LogBound(string loginElement, long userId);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "Login {LoginElement}: user {UserId} unbound")]
    private partial void LogUnbound(string loginElement, long userId);
}
