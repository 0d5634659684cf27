using System.Buffers.Text;
using System.Diagnostics;
using System.Security.Cryptography;
using JitRuntime.Auths.Audit;
using JitRuntime.Auths.Security;
using JitRuntime.Calls;
using JitRuntime.Types;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Auths.LoginTypes.WeChatMini;

/// <summary>
/// Scan to log in on a PC: the PC's page asks for a Mini Program code (<c>createScanLogin</c>), the user scans it and
/// the Mini Program's confirmation page shows who asked (<c>getScanLogin</c>) and confirms or cancels; the PC's page
/// polls with its second secret and gets the confirming user's loginCode once (<c>pollScanLogin</c>).
/// </summary>
public sealed partial class WeChatMiniType
{
    /// <summary>Characters of a ticket: 24 random bytes as base64url, within WeChat's 32-character scene.</summary>
    public const int TicketLength = 32;

    /// <summary>The longest wait a poll may ask for.</summary>
    public const int MaxPollWaitSeconds = 20;

    /// <summary>A ticket for the PC's page: the Mini Program code (PNG as a data: URL) whose scene is the ticket, and the poll token.</summary>
    [Audited]
    [ElementMethod("createScanLogin", Title = "A Mini Program code for logging in on a PC", LoginRequired = false, Example = "{\"ticket\":\"q3V0dWb5nUe8yZk2r8Zx1m9QpL4s7T0a\",\"pollToken\":\"Hh3...\",\"qrCode\":\"data:image/png;base64,iVBOR...\",\"expiresIn\":300}")]
    public async Task<ScanLoginTicket> CreateScanLoginAsync(ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        var scan = ScanLogin ?? throw ScanLoginErrors.NotConfigured(FullName);
        var ticket = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var (pollToken, pollHash) = OneTimeCode.Generate();
        var png = await _tokens.WithTokenAsync(AuthConfig.AppId, AuthConfig.AppSecret,
            token => _api.GetUnlimitedQrCodeAsync(AuthConfig.AppId, token, ticket, scan.Page, checkPath: scan.EnvVersion == "release", scan.EnvVersion, scan.Width,
                cancellationToken), cancellationToken).ConfigureAwait(false);
        var now = _flow.Now();
        var lifetime = _flow.Options.ScanLoginLifetime;
        await using (var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            await ScanLoginStore.InsertAsync(write.Connection, write.Transaction, OneTimeCode.Hash(ticket), pollHash, FullName, caller?.ClientAddress, caller?.UserAgent,
                now, now + (long)lifetime.TotalMilliseconds, _flow.Options.EndedRetention).ConfigureAwait(false);
            await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new ScanLoginTicket { Ticket = ticket, PollToken = pollToken, QrCode = "data:image/png;base64," + Convert.ToBase64String(png), ExpiresIn = (int)lifetime.TotalSeconds };
    }

    /// <summary>
    /// The confirmation page, for the user of the session (or <paramref name="userId"/> for trusted callers): marks the
    /// ticket scanned by that user and answers when and from which client the code was asked for.
    /// </summary>
    [Audited]
    [ElementMethod("getScanLogin", Title = "What the scanned PC login code is", RateLimit = ElementRateLimit.PerSession, Example = "{\"status\":\"scanned\",\"requestedAt\":\"2026-12-01T08:00:00+00:00\",\"clientAddress\":\"203.0.113.7\",\"userAgent\":\"Mozilla/5.0 ...\",\"expiresIn\":281}")]
    public async Task<ScanLoginRequest> GetScanLoginAsync(string ticket, long? userId = null, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        var user = LoginFlow.ActingUser(userId, caller);
        var hash = TicketHash(ticket);
        var now = _flow.Now();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await ScanLoginStore.ScanAsync(connection, hash, FullName, user, now).ConfigureAwait(false)
            ?? throw await RefusalAsync(connection, hash, user, now).ConfigureAwait(false);
        return new ScanLoginRequest
        {
            Status = "scanned", RequestedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt), ClientAddress = row.Client, UserAgent = row.UserAgent,
            ExpiresIn = (int)((row.ExpiresAt - now) / 1000),
        };
    }

    /// <summary>The user who scanned the code logs the PC in: the PC's next poll gets their loginCode.</summary>
    [Audited("scan_login")]
    [ElementMethod("confirmScanLogin", Title = "Log the PC in as me", RateLimit = ElementRateLimit.PerSession, Example = "{\"success\":true,\"message\":\"the PC is logged in as user 7\"}")]
    public async Task<OperationResult> ConfirmScanLoginAsync(string ticket, long? userId = null, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        var user = await DecideScanLoginAsync(ticket, userId, caller, "confirmed", cancellationToken).ConfigureAwait(false);
        return new OperationResult { Message = $"the PC is logged in as user {user}" };
    }

    /// <summary>The user who scanned the code refuses it: the PC's page sees <c>cancelled</c>.</summary>
    [Audited("scan_login_cancelled")]
    [ElementMethod("cancelScanLogin", Title = "Do not log the PC in", RateLimit = ElementRateLimit.PerSession, Example = "{\"success\":true,\"message\":\"cancelled\"}")]
    public async Task<OperationResult> CancelScanLoginAsync(string ticket, long? userId = null, ElementCaller? caller = null, CancellationToken cancellationToken = default)
    {
        await DecideScanLoginAsync(ticket, userId, caller, "cancelled", cancellationToken).ConfigureAwait(false);
        return new OperationResult { Message = "cancelled" };
    }

    /// <summary>
    /// The PC's page: where its ticket is, and on the first poll after the confirmation the user's loginCode and corpList
    /// (later polls say <c>used</c>). With <paramref name="waitSeconds"/> (at most 20) the answer waits until the ticket
    /// moves or the wait passes (long polling); 0 answers at once.
    /// </summary>
    [ElementMethod("pollScanLogin", Title = "Has the PC login code been confirmed?", LoginRequired = false, Example = "{\"status\":\"confirmed\",\"loginCode\":\"Qz3...\",\"corpList\":[],\"expiresIn\":120}")]
    public async Task<ScanLoginStatus> PollScanLoginAsync(string ticket, string pollToken, int waitSeconds = 0, CancellationToken cancellationToken = default)
    {
        var hash = TicketHash(ticket);
        var pollHash = OneTimeCode.Hash(LoginArguments.IssuedCode(pollToken, "pollToken"));
        if (waitSeconds is < 0 or > MaxPollWaitSeconds)
        {
            throw LoginErrors.InvalidArgument("waitSeconds", $"0 to {MaxPollWaitSeconds}");
        }

        var waited = Stopwatch.StartNew();
        string? first = null;
        while (true)
        {
            var status = await PollOnceAsync(hash, pollHash, cancellationToken).ConfigureAwait(false);
            first ??= status.Status;
            if (status.Status != first || status.Status is not ("waiting" or "scanned") || waited.Elapsed >= TimeSpan.FromSeconds(waitSeconds))
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One look at the ticket: a read, and only for a confirmed ticket the write that collects it (the conditional
    /// UPDATE decides which poll gets the loginCode), so that waiting pages do not take the write lock.
    /// </summary>
    private async Task<ScanLoginStatus> PollOnceAsync(byte[] hash, byte[] pollHash, CancellationToken cancellationToken)
    {
        var now = _flow.Now();
        var row = await ReadTicketAsync(hash, pollHash, cancellationToken).ConfigureAwait(false);
        if (row.Status == "confirmed" && row.ExpiresAt > now)
        {
            var collected = await _flow.LogInAsync(FullName, new ExternalIdentity("scan-login"), now,
                write => ScanLoginStore.CollectAsync(write.Connection, write.Transaction, hash, pollHash, FullName, now), cancellationToken).ConfigureAwait(false);
            if (collected is not null)
            {
                return new ScanLoginStatus { Status = "confirmed", LoginCode = collected.LoginCode, CorpList = collected.CorpList, ExpiresIn = collected.ExpiresIn };
            }

            row = await ReadTicketAsync(hash, pollHash, cancellationToken).ConfigureAwait(false); // a racing poll collected it
        }

        return new ScanLoginStatus { Status = row.Status == "used" ? "used" : row.ExpiresAt <= now ? "expired" : row.Status };
    }

    /// <summary>The ticket's row, refused unless <paramref name="pollHash"/> is its poll token's (compared in constant time).</summary>
    private async Task<ScanLoginStore.Row> ReadTicketAsync(byte[] hash, byte[] pollHash, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await ScanLoginStore.FindAsync(connection, hash, FullName).ConfigureAwait(false) ?? throw ScanLoginErrors.Unknown();
        return CryptographicOperations.FixedTimeEquals(row.PollHash, pollHash) ? row : throw ScanLoginErrors.WrongPollToken();
    }

    private async Task<long> DecideScanLoginAsync(string ticket, long? userId, ElementCaller? caller, string status, CancellationToken cancellationToken)
    {
        var user = LoginFlow.ActingUser(userId, caller);
        var hash = TicketHash(ticket);
        var now = _flow.Now();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!await ScanLoginStore.DecideAsync(connection, hash, FullName, user, status, now).ConfigureAwait(false))
        {
            throw await RefusalAsync(connection, hash, user, now).ConfigureAwait(false);
        }

        LogScanLogin(FullName, user, status);
        return user;
    }

    /// <summary>Why a step on a ticket was refused, read after the update that refused it.</summary>
    private async Task<ElementCallException> RefusalAsync(System.Data.IDbConnection connection, byte[] hash, long user, long now)
    {
        var row = await ScanLoginStore.FindAsync(connection, hash, FullName).ConfigureAwait(false);
        return row switch
        {
            null => ScanLoginErrors.Unknown(),
            { Status: "confirmed" or "used" } => ScanLoginErrors.AlreadyConfirmed(),
            { Status: "cancelled" } => ScanLoginErrors.Cancelled(),
            { ExpiresAt: var expires } when expires <= now => ScanLoginErrors.Expired(_flow.Options.ScanLoginLifetime),
            { UserId: { } other } when other != user => ScanLoginErrors.OtherUser(),
            _ => ScanLoginErrors.NotScanned(),
        };
    }

    private static byte[] TicketHash(string? ticket)
    {
        if (ticket is not { Length: TicketLength } || !ticket.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw LoginErrors.InvalidArgument("ticket", $"a ticket as createScanLogin returned it ({TicketLength} base64url characters)");
        }

        return OneTimeCode.Hash(ticket);
    }

    [LoggerMessage(EventId = 212, Level = LogLevel.Information, Message = "Login {LoginElement}: user {UserId} {Decision} a scan-to-log-in code")]
    private partial void LogScanLogin(string loginElement, long userId, string decision);
}
