namespace JitRuntime.Auths.WeChat;

/// <summary>What code2session returns for a login code.</summary>
/// <param name="OpenId">The user's id within this Mini Program.</param>
/// <param name="UnionId">The user's id across the developer's apps, when WeChat sends one.</param>
/// <param name="SessionKey">The session key (secret).</param>
public sealed record WeChatSession(string OpenId, string? UnionId, WeChatSessionKey SessionKey);
