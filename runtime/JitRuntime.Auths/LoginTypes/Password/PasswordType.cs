using JitRuntime.Auths.Audit;
using JitRuntime.Auths.Storage;
using JitRuntime.Calls;
using JitRuntime.Databases;
using JitRuntime.Elements;
using JitRuntime.Types;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Auths.LoginTypes.Password;

/// <summary>
/// Account + password login (<c>auths.loginTypes.PasswordType</c>, JitAi's name and functions) on the shared login
/// flow. The password travels as typed (over TLS) and is stored only as ASP.NET Core Identity's salted PBKDF2 hash,
/// re-hashed when the parameters are raised; it is never logged, answered, audited or stored. An unknown username and
/// a wrong password answer the same <c>invalid_credentials</c> after the same work; failed attempts per username are
/// counted in the database for every node, and lock it (<c>account_locked</c> with <c>Retry-After</c>).
/// </summary>
[ElementType(TypeName, Meta = ILoginType.MetaName, DeclarationSchema = TypeName + ".element.schema.json")]
public sealed partial class PasswordType : ILoginType
{
    /// <summary>The Type's fullName.</summary>
    public const string TypeName = "auths.loginTypes.PasswordType";

    private readonly LoginFlow _flow;
    private readonly AppDatabase _database;
    private readonly IPasswordHasher<PasswordType> _hasher;
    private readonly ILogger<PasswordType> _logger;
    private readonly int _maxFailures;
    private readonly TimeSpan _window;

    // An unknown username is checked against this hash, so that it costs what a known one does.
    private readonly Lazy<string> _decoy;

    /// <summary>Binds the element's declaration; services come from the host.</summary>
    public PasswordType(ElementContext context, LoginFlow flow, AppDatabase database, IPasswordHasher<PasswordType> hasher, ILogger<PasswordType> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Bind<PasswordSettings>();
        FullName = context.FullName;
        Title = context.Title;
        AllowRegister = settings.AllowRegister;
        _maxFailures = settings.Lockout.MaxFailures;
        _window = TimeSpan.FromMinutes(settings.Lockout.WindowMinutes);
        _flow = flow;
        _database = database;
        _hasher = hasher;
        _logger = logger;
        _decoy = new(() => hasher.HashPassword(this, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));
    }

    /// <inheritdoc />
    public string FullName { get; }

    /// <inheritdoc />
    public string Title { get; }

    /// <summary>1 when <c>register</c> creates users; 0 (the default) when it is refused.</summary>
    public int AllowRegister { get; }

    /// <summary>A username and its password: a one-time loginCode and the user's corpList, or <c>invalid_credentials</c>.</summary>
    [Audited]
    [ElementMethod("getLoginCode", Title = "Log in with a username and password", LoginRequired = false, Example = "{\"loginCode\":\"Qz3...\",\"corpList\":[],\"expiresIn\":120}")]
    public async Task<GetLoginCodeResult> GetLoginCodeAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var subject = PasswordRules.Username(username);
        PasswordRules.Password(password);
        var rehashed = await CheckAsync(subject, password, null, cancellationToken).ConfigureAwait(false) ? _hasher.HashPassword(this, password) : null;
        var now = _flow.Now();
        return await _flow.LogInAsync(FullName, new ExternalIdentity(subject), now, async write =>
        {
            await PasswordStore.ResetAsync(write.Connection, write.Transaction, FullName, subject).ConfigureAwait(false);
            if (rehashed is not null)
            {
                await PasswordStore.SetHashAsync(write.Connection, write.Transaction, FullName, subject, rehashed, now).ConfigureAwait(false);
            }

            return await ExternalLoginStore.TouchAsync(write.Connection, write.Transaction, FullName, subject, now).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false) ?? throw PasswordErrors.InvalidCredentials(); // unbound between the check and the write
    }

    /// <summary>A new user with a username and password (when <c>allowRegister</c> is 1), with a loginCode.</summary>
    [Audited("registered")]
    [ElementMethod("register", Title = "Register with a username and password", LoginRequired = false, Example = "{\"userId\":7,\"createdAt\":\"2026-12-01T08:00:00+00:00\",\"loginCode\":\"Qz3...\",\"corpList\":[],\"expiresIn\":120}")]
    public async Task<RegisterResult> RegisterAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var subject = PasswordRules.Username(username);
        PasswordRules.NewPassword(password, subject);
        _flow.EnsureRegistrationOpen(FullName, AllowRegister);
        var hash = _hasher.HashPassword(this, password);
        return await _flow.RegisterNewAsync(FullName, AllowRegister, new ExternalIdentity(subject),
            (write, who, _) => PasswordStore.AddAsync(write.Connection, write.Transaction, FullName, who.Subject, hash, _flow.Now()),
            () => PasswordErrors.UsernameTaken(FullName), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives the existing user <paramref name="userId"/> (the session's) a username and password on this login element.</summary>
    [Audited("bind")]
    [ElementMethod("bind", Title = "Add a username and password to the session's user", RateLimit = ElementRateLimit.PerSession, Example = "{\"success\":true,\"message\":\"user 7 can now log in with a password on login 'auths.loginTypes.myPasswordLogin'\"}")]
    public async Task<OperationResult> BindAsync(long userId, string username, string password, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        var hash = "";
        await _flow.BindAsync(FullName, userId, caller, () =>
            {
                var subject = PasswordRules.Username(username);
                PasswordRules.NewPassword(password, subject);
                hash = _hasher.HashPassword(this, password); // before the write, which holds the write lock
                return Task.FromResult(new ExternalIdentity(subject));
            },
            (write, who, _) => PasswordStore.AddAsync(write.Connection, write.Transaction, FullName, who.Subject, hash, _flow.Now()),
            () => PasswordErrors.UsernameTaken(FullName), cancellationToken).ConfigureAwait(false);
        return new OperationResult { Message = $"user {userId} can now log in with a password on login '{FullName}'" };
    }

    /// <summary>Removes <paramref name="userId"/>'s username and password on this login element.</summary>
    [Audited("unbind")]
    [ElementMethod("unbind", Title = "Remove the session's user's password login", RateLimit = ElementRateLimit.PerSession, Example = "{\"success\":true,\"message\":\"user 7 no longer logs in with a password on login 'auths.loginTypes.myPasswordLogin'\"}")]
    public async Task<OperationResult> UnbindAsync(long userId, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        await _flow.UnbindAsync(FullName, userId, caller, cancellationToken).ConfigureAwait(false);
        return new OperationResult { Message = $"user {userId} no longer logs in with a password on login '{FullName}'" };
    }

    /// <summary>Changes <paramref name="userId"/>'s password (the session's user), given the current one; wrong ones count towards the lockout.</summary>
    [Audited("password_changed")]
    [ElementMethod("updatePassword", Title = "Change the session's user's password", RateLimit = ElementRateLimit.PerSession, Example = "{\"success\":true,\"message\":\"password changed\"}")]
    public async Task<OperationResult> UpdatePasswordAsync(long userId, string oldPassword, string newPassword, ElementCaller? caller = null,
        CancellationToken cancellationToken = default)
    {
        LoginArguments.UserId(userId);
        caller?.EnsureActsFor(userId);
        PasswordRules.Password(oldPassword, "oldPassword");
        (string Subject, string Hash)? login;
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            login = await PasswordStore.FindForUserAsync(connection, FullName, userId).ConfigureAwait(false);
        }

        var subject = login?.Subject ?? throw LoginErrors.NotBound(userId, FullName);
        PasswordRules.NewPassword(newPassword, subject, "newPassword");
        await CheckAsync(subject, oldPassword, login.Value.Hash, cancellationToken).ConfigureAwait(false);
        var hash = _hasher.HashPassword(this, newPassword);
        var now = _flow.Now();
        await using (var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            await PasswordStore.ResetAsync(write.Connection, write.Transaction, FullName, subject).ConfigureAwait(false);
            if (await PasswordStore.SetHashAsync(write.Connection, write.Transaction, FullName, subject, hash, now).ConfigureAwait(false) == 0)
            {
                throw LoginErrors.NotBound(userId, FullName);
            }

            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        LogPasswordChanged(FullName, userId);
        return new OperationResult { Message = "password changed" };
    }

    /// <summary>
    /// Counts the attempt (refusing a locked username), then checks <paramref name="password"/> against the stored hash
    /// (read here unless given), or against a decoy for an unknown username: either way the same work and, when wrong,
    /// the same <c>invalid_credentials</c>. The hash is computed outside any write.
    /// </summary>
    /// <returns>True when the hash was made with weaker parameters than the hasher's now: store a new one.</returns>
    private async Task<bool> CheckAsync(string subject, string password, string? storedHash, CancellationToken cancellationToken)
    {
        var now = _flow.Now();
        (long Failures, long WindowStart) attempts;
        await using (var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            attempts = await PasswordStore.CountAttemptAsync(write.Connection, write.Transaction, FullName, subject, now, _window).ConfigureAwait(false);
            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (attempts.Failures > _maxFailures)
        {
            LogLocked(FullName);
            throw PasswordErrors.AccountLocked(TimeSpan.FromMilliseconds(attempts.WindowStart + (long)_window.TotalMilliseconds - now), _maxFailures, _window);
        }

        if (storedHash is null)
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            storedHash = await PasswordStore.FindHashAsync(connection, FullName, subject).ConfigureAwait(false);
        }

        var verdict = _hasher.VerifyHashedPassword(this, storedHash ?? _decoy.Value, password);
        if (storedHash is null || verdict == PasswordVerificationResult.Failed)
        {
            LogWrongCredentials(FullName);
            throw PasswordErrors.InvalidCredentials();
        }

        return verdict == PasswordVerificationResult.SuccessRehashNeeded;
    }

    [LoggerMessage(EventId = 250, Level = LogLevel.Information, Message = "Login {LoginElement}: wrong username or password")]
    private partial void LogWrongCredentials(string loginElement);

    [LoggerMessage(EventId = 251, Level = LogLevel.Warning, Message = "Login {LoginElement}: a username is locked after too many wrong passwords")]
    private partial void LogLocked(string loginElement);

    [LoggerMessage(EventId = 252, Level = LogLevel.Information, Message = "Login {LoginElement}: user {UserId} changed their password")]
    private partial void LogPasswordChanged(string loginElement, long userId);
}
