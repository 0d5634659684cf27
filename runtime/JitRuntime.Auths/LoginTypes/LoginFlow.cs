using JitRuntime.Auths.Security;
using JitRuntime.Auths.Sessions;
using JitRuntime.Auths.Storage;
using JitRuntime.Calls;
using JitRuntime.Databases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Auths.LoginTypes;

/// <summary>
/// The workflow every login type shares, as <c>UserManager</c> is ASP.NET Core Identity's: loginCodes and bindCodes
/// (issued here, redeemed only through <see cref="CodeStore.RedeemAsync"/>), the <c>allowRegister</c> policy, the
/// <c>{loginCode, corpList, expiresIn}</c> and <c>{bindCode, expiresIn}</c> answers, registration (the user and the
/// login in one transaction), bind and unbind with the acting-user check, all on the one store of external logins
/// (<see cref="ExternalLoginStore"/>). A login type only turns its credential into an <see cref="ExternalIdentity"/>
/// and keeps what only it needs beside the login, in the same transactions (the callbacks).
/// </summary>
/// <remarks>
/// Work that is not SQL (a code's random bytes, WeChat's answer, a password hash) is done before a write begins: a
/// write holds the database's write lock.
/// </remarks>
public sealed partial class LoginFlow(AppDatabase database, TimeProvider time, IOptions<LoginOptions> options, ILogger<LoginFlow> logger)
{
    private readonly LoginOptions _options = options.Value;

    /// <summary>The lifetimes the flow issues codes with.</summary>
    internal LoginOptions Options => _options;

    /// <summary>Now, as rows are stamped (Unix milliseconds, UTC).</summary>
    internal long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// A returning user logs in: in one write, <paramref name="findUser"/> names the user of <paramref name="who"/> (it may
    /// stamp or link the login on the way), a loginCode is stored for them and the answer carries their corpList. Null
    /// when <paramref name="findUser"/> knows nobody: nothing is written then.
    /// </summary>
    internal async Task<GetLoginCodeResult?> LogInAsync(string loginElement, ExternalIdentity who, long now, Func<DatabaseWrite, Task<long?>> findUser,
        CancellationToken cancellationToken)
    {
        var issued = NewLoginCode(loginElement, who, now);
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        if (await findUser(write).ConfigureAwait(false) is not { } userId)
        {
            return null;
        }

        var answer = await IssueLoginCodeAsync(write, issued, userId).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogLoginCode(loginElement, userId);
        return answer;
    }

    /// <summary>
    /// An unknown external user: refused unless <paramref name="allowRegister"/> is 1; then <paramref name="beforeIssue"/>
    /// (a login type's own check, outside any write) and a bindCode that carries <paramref name="who"/> to <c>register</c>.
    /// </summary>
    internal async Task<GetLoginCodeResult> IssueBindCodeAsync(string loginElement, int allowRegister, ExternalIdentity who, long now, Func<Task>? beforeIssue,
        CancellationToken cancellationToken)
    {
        EnsureRegistrationOpen(loginElement, allowRegister);
        if (beforeIssue is not null)
        {
            await beforeIssue().ConfigureAwait(false);
        }

        var (bindCode, bindHash) = OneTimeCode.Generate();
        await using (var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            await CodeStore.InsertAsync(write.Connection, write.Transaction, new CodeRow
            {
                CodeHash = bindHash, Kind = CodeRow.BindKind, LoginElement = loginElement, Subject = who.Subject,
                Details = who.Details, Secret = who.Secret, CreatedAt = now, ExpiresAt = now + (long)_options.BindCodeLifetime.TotalMilliseconds,
            }).ConfigureAwait(false);
            await CodeStore.PurgeAsync(write.Connection, write.Transaction, now, _options.EndedRetention).ConfigureAwait(false);
            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        LogBindCode(loginElement);
        return new GetLoginCodeResult { BindCode = bindCode, ExpiresIn = Seconds(_options.BindCodeLifetime) };
    }

    /// <summary>Refuses a registration when the login element does not allow one (<c>allowRegister</c> is not 1).</summary>
    internal void EnsureRegistrationOpen(string loginElement, int allowRegister)
    {
        if (allowRegister != 1)
        {
            LogRegistrationClosed(loginElement);
            throw LoginErrors.RegistrationClosed(loginElement);
        }
    }

    /// <summary>
    /// What a live, unused bindCode of this login element carries, without redeeming it: for a login type that must ask
    /// its provider something about the user before <see cref="RegisterAsync"/> (outside the write). Refused as
    /// redeeming would be.
    /// </summary>
    internal async Task<ExternalIdentity> PeekBindCodeAsync(string loginElement, string bindCode, CancellationToken cancellationToken)
    {
        var hash = OneTimeCode.Hash(LoginArguments.IssuedCode(bindCode, "bindCode"));
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await CodeStore.PeekAsync(connection, hash, CodeRow.BindKind, loginElement, Now(), _options.BindCodeLifetime).ConfigureAwait(false);
        return new ExternalIdentity(row.Subject, row.Details, row.Secret);
    }

    /// <summary>
    /// <c>register</c> with a bindCode: redeems it once and, in the same transaction, makes the login: for the user
    /// <paramref name="existingUser"/> names (a login type's linking rule; the answer says <c>linked</c>), or for a new
    /// user. <paramref name="addLogin"/> stores the login type's own part. A racing registration of the same external
    /// user that committed first leaves nothing of this one (<c>already_registered</c>).
    /// </summary>
    internal async Task<RegisterResult> RegisterAsync(string loginElement, string bindCode, Func<DatabaseWrite, ExternalIdentity, Task<long?>>? existingUser,
        Func<DatabaseWrite, ExternalIdentity, long, Task> addLogin, CancellationToken cancellationToken)
    {
        var hash = OneTimeCode.Hash(LoginArguments.IssuedCode(bindCode, "bindCode"));
        var now = Now();
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var code = await CodeStore.RedeemAsync(write.Connection, write.Transaction, hash, CodeRow.BindKind, loginElement, now, _options.BindCodeLifetime)
            .ConfigureAwait(false);
        var who = new ExternalIdentity(code.Subject, code.Details, code.Secret);
        var linked = existingUser is null ? null : await existingUser(write, who).ConfigureAwait(false);
        return await CreateLoginAsync(write, loginElement, who, now, linked, addLogin, LoginErrors.AlreadyRegistered, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>register</c> with a credential the login type verified itself (a new username and password): when
    /// <paramref name="allowRegister"/> is 1, a new user and the login in one transaction. <paramref name="taken"/> is the
    /// refusal when the subject is somebody's already.
    /// </summary>
    internal async Task<RegisterResult> RegisterNewAsync(string loginElement, int allowRegister, ExternalIdentity who, Func<DatabaseWrite, ExternalIdentity, long, Task> addLogin,
        Func<ElementCallException> taken, CancellationToken cancellationToken)
    {
        EnsureRegistrationOpen(loginElement, allowRegister);
        var now = Now();
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        return await CreateLoginAsync(write, loginElement, who, now, null, addLogin, taken, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RegisterResult> CreateLoginAsync(DatabaseWrite write, string loginElement, ExternalIdentity who, long now, long? linkedUser,
        Func<DatabaseWrite, ExternalIdentity, long, Task> addLogin, Func<ElementCallException> taken, CancellationToken cancellationToken)
    {
        var issued = NewLoginCode(loginElement, who, now);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var userId = linkedUser ?? await UserStore.CreateAsync(connection, transaction, now).ConfigureAwait(false);
        switch (await ExternalLoginStore.InsertAsync(connection, transaction, loginElement, who.Subject, userId, now).ConfigureAwait(false))
        {
            case ExternalLoginStore.Conflict.User when linkedUser is not null:
                throw LoginErrors.AlreadyBound(userId, loginElement);
            case not ExternalLoginStore.Conflict.None:
                // A new user can only conflict on its subject: somebody registered it first. Nothing of this call is kept.
                throw taken();
        }

        await addLogin(write, who, userId).ConfigureAwait(false);
        var createdAt = linkedUser is null ? now : await UserStore.CreatedAtAsync(connection, transaction, userId).ConfigureAwait(false);
        var answer = await IssueLoginCodeAsync(write, issued, userId).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (linkedUser is null)
        {
            LogRegistered(loginElement, userId);
        }
        else
        {
            LogLinked(loginElement, userId);
        }

        return new RegisterResult
        {
            UserId = userId,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(createdAt),
            LoginCode = answer.LoginCode!,
            CorpList = answer.CorpList!,
            ExpiresIn = answer.ExpiresIn,
            Linked = linkedUser is null ? null : true,
        };
    }

    /// <summary>
    /// Gives the existing user <paramref name="userId"/> a login on this element: the acting-user check first (a remote
    /// caller may bind only its own user), then <paramref name="verify"/> turns the credential into the external user
    /// (outside the write), then the login and the login type's part (<paramref name="addLogin"/>) in one transaction.
    /// The insert decides; <paramref name="taken"/> is the refusal when the subject is another user's.
    /// </summary>
    internal async Task BindAsync(string loginElement, long userId, ElementCaller? caller, Func<Task<ExternalIdentity>> verify,
        Func<DatabaseWrite, ExternalIdentity, long, Task> addLogin, Func<ElementCallException> taken, CancellationToken cancellationToken)
    {
        LoginArguments.UserId(userId);
        caller?.EnsureActsFor(userId);
        var who = await verify().ConfigureAwait(false);
        var now = Now();
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        var (connection, transaction) = (write.Connection, write.Transaction);
        if (!await UserStore.ExistsAsync(connection, transaction, userId).ConfigureAwait(false))
        {
            throw LoginErrors.UserNotFound(userId);
        }

        switch (await ExternalLoginStore.InsertAsync(connection, transaction, loginElement, who.Subject, userId, now).ConfigureAwait(false))
        {
            case ExternalLoginStore.Conflict.User:
                throw LoginErrors.AlreadyBound(userId, loginElement);
            case ExternalLoginStore.Conflict.Subject:
                throw taken();
        }

        await addLogin(write, who, userId).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogBound(loginElement, userId);
    }

    /// <summary>Removes <paramref name="userId"/>'s login on this element (and what its login type kept for it); a remote caller may unbind only its own user.</summary>
    internal async Task UnbindAsync(string loginElement, long userId, ElementCaller? caller, CancellationToken cancellationToken)
    {
        LoginArguments.UserId(userId);
        caller?.EnsureActsFor(userId);
        await using var write = await database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
        if (await ExternalLoginStore.DeleteAsync(write.Connection, write.Transaction, loginElement, userId).ConfigureAwait(false) == 0)
        {
            throw LoginErrors.NotBound(userId, loginElement);
        }

        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogUnbound(loginElement, userId);
    }

    /// <summary>The user a per-user function acts for: the session's (a remote caller may name only itself), or the one a trusted caller names.</summary>
    internal static long ActingUser(long? userId, ElementCaller? caller)
    {
        if (userId is { } named)
        {
            LoginArguments.UserId(named);
            caller?.EnsureActsFor(named);
            return named;
        }

        return caller?.UserId ?? throw LoginErrors.UserRequired();
    }

    /// <summary>A new loginCode and its row, still without its user: made before the write that stores it.</summary>
    private (string Code, CodeRow Row) NewLoginCode(string loginElement, ExternalIdentity who, long now)
    {
        var (loginCode, loginHash) = OneTimeCode.Generate();
        return (loginCode, new CodeRow
        {
            CodeHash = loginHash, Kind = CodeRow.LoginKind, LoginElement = loginElement, Subject = who.Subject,
            Details = who.Details, CreatedAt = now, ExpiresAt = now + (long)_options.LoginCodeLifetime.TotalMilliseconds,
        });
    }

    /// <summary>Stores <paramref name="issued"/> for <paramref name="userId"/> in the write and answers it with the user's corpList.</summary>
    private async Task<GetLoginCodeResult> IssueLoginCodeAsync(DatabaseWrite write, (string Code, CodeRow Row) issued, long userId)
    {
        await CodeStore.InsertAsync(write.Connection, write.Transaction, issued.Row with { UserId = userId }).ConfigureAwait(false);
        var corps = await OrganizationStore.ListForUserAsync(write.Connection, write.Transaction, userId).ConfigureAwait(false);
        return new GetLoginCodeResult { LoginCode = issued.Code, CorpList = corps, ExpiresIn = Seconds(_options.LoginCodeLifetime) };
    }

    private static int Seconds(TimeSpan span) => (int)span.TotalSeconds;

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Login {LoginElement}: loginCode issued to user {UserId}")]
    private partial void LogLoginCode(string loginElement, long userId);

    [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "Login {LoginElement}: bindCode issued to a new user")]
    private partial void LogBindCode(string loginElement);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Login {LoginElement}: unknown user refused (registration closed)")]
    private partial void LogRegistrationClosed(string loginElement);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Login {LoginElement}: user {UserId} registered")]
    private partial void LogRegistered(string loginElement, long userId);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Login {LoginElement}: user {UserId} bound")]
    private partial void LogBound(string loginElement, long userId);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "Login {LoginElement}: user {UserId} unbound")]
    private partial void LogUnbound(string loginElement, long userId);

    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "Login {LoginElement}: a new login linked to existing user {UserId}")]
    private partial void LogLinked(string loginElement, long userId);
}
