using System.Text.Json.Serialization;
using JitRuntime.Auths.Sessions;

namespace JitRuntime.Auths.LoginTypes;

/// <summary>
/// What <c>getLoginCode</c> answers: for a known user a one-time <c>loginCode</c> and the user's <c>corpList</c>;
/// for a new user (when registration is allowed) a one-time <c>bindCode</c> to pass to <c>register</c>.
/// </summary>
public sealed class GetLoginCodeResult
{
    /// <summary>Redeem with <c>auths.loginTypes.services.AuthSvc.loginByCode</c>; set for a known user.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LoginCode { get; init; }

    /// <summary>The organizations the known user belongs to.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Corp>? CorpList { get; init; }

    /// <summary>Redeem with <c>register</c>; set for a new user.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BindCode { get; init; }

    /// <summary>Seconds until the code expires.</summary>
    public int ExpiresIn { get; init; }
}
