namespace JitRuntime.Composition;

/// <summary>
/// A member a family adds to the problem details of its refusals (WeChat's <c>errcode</c>), so that the HTTP API's
/// description of a problem (OpenAPI) lists it without the host knowing the family.
/// </summary>
/// <param name="Name">The member's name in the problem object.</param>
/// <param name="JsonType">Its JSON type: <c>string</c>, <c>integer</c>, <c>number</c> or <c>boolean</c>.</param>
/// <param name="Description">When it is present and what it says.</param>
public sealed record ProblemExtension(string Name, string JsonType, string Description);
