using System.Text.Json.Serialization;
using JitRuntime.Auths.Sessions;

namespace JitRuntime.Auths.LoginTypes.WeChatMini;

/// <summary>What <c>createScanLogin</c> answers the PC's page.</summary>
public sealed class ScanLoginTicket
{
    /// <summary>The ticket: the Mini Program code's scene, which the confirmation page passes to getScanLogin and confirmScanLogin.</summary>
    public string Ticket { get; init; } = "";

    /// <summary>The second secret, not in the code: only the page that asked can collect the login with it (pollScanLogin).</summary>
    public string PollToken { get; init; } = "";

    /// <summary>The Mini Program code as a <c>data:image/png;base64,...</c> URL, for an <c>img</c>.</summary>
    public string QrCode { get; init; } = "";

    /// <summary>Seconds until the ticket expires.</summary>
    public int ExpiresIn { get; init; }
}

/// <summary>What <c>getScanLogin</c> shows the user who scanned: who asked for the code, so that a stranger's code is noticed.</summary>
public sealed class ScanLoginRequest
{
    /// <summary><c>scanned</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>When the code was asked for (UTC).</summary>
    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>The address of the client that asked for the code, as the host saw it.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>Its user agent (the browser), as it said.</summary>
    public string? UserAgent { get; init; }

    /// <summary>Seconds until the ticket expires.</summary>
    public int ExpiresIn { get; init; }
}

/// <summary>
/// What <c>pollScanLogin</c> answers: <c>waiting</c>, <c>scanned</c>, <c>confirmed</c> (with the loginCode, once),
/// <c>cancelled</c>, <c>expired</c> or <c>used</c> (collected by an earlier poll).
/// </summary>
public sealed class ScanLoginStatus
{
    /// <summary>Where the ticket is.</summary>
    public string Status { get; init; } = "";

    /// <summary>On the first poll after the confirmation only: redeem with <c>AuthSvc.loginByCode</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LoginCode { get; init; }

    /// <summary>With the loginCode: the user's organizations.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Corp>? CorpList { get; init; }

    /// <summary>With the loginCode: seconds until it expires.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ExpiresIn { get; init; }
}
