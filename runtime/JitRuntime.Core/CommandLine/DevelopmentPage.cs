namespace JitRuntime.CommandLine;

/// <summary>
/// DEVELOPMENT ONLY. A page a running stand-in adds to <c>jit run</c>'s host (a family's example front end, such as the
/// scan-to-log-in PC page), served at <see cref="Path"/> only in the Development environment, on the host's own origin.
/// </summary>
/// <param name="Path">Where the host serves it (<c>/dev/scan-login</c>).</param>
/// <param name="ContentType">Its media type (<c>text/html; charset=utf-8</c>).</param>
/// <param name="Content">Its bytes.</param>
public sealed record DevelopmentPage(string Path, string ContentType, ReadOnlyMemory<byte> Content);
