using System.Text.Json;

namespace JitRuntime.Auths.LoginTypes.WeChatMini;

/// <summary>
/// What a WeChat login keeps in a one-time code's neutral <c>details</c> column: the Mini Program and the unionid the
/// code was issued for (the openid is the code's subject, the session key its encrypted secret).
/// </summary>
internal sealed record WeChatCodeDetails(string AppId, string? UnionId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="InvalidOperationException">The column does not hold a WeChat code's details.</exception>
    public static WeChatCodeDetails FromJson(string? json) =>
        (json is null ? null : JsonSerializer.Deserialize<WeChatCodeDetails>(json, Json)) is { AppId: not null } details
            ? details
            : throw new InvalidOperationException("a WeChat code without its appId; the code row is damaged");
}
