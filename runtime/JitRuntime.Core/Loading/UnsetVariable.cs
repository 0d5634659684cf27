using JitRuntime.Diagnostics;

namespace JitRuntime.Loading;

/// <summary>A <c>${NAME}</c> placeholder whose environment variable is not set: the element cannot be created until it is.</summary>
/// <param name="Name">The environment variable.</param>
/// <param name="SettingPath">The configuration key that reads it (<c>authConfig.appSecret</c>).</param>
/// <param name="Diagnostic">The JIT042 warning, with the file and position.</param>
internal sealed record UnsetVariable(string Name, string SettingPath, Diagnostic Diagnostic);
