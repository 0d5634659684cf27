using JitRuntime.Diagnostics;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Json;

/// <summary>A JSON file read from disk: its root token (with line information) or the diagnostic that stopped it.</summary>
/// <param name="Path">Path relative to the app folder, as diagnostics print it.</param>
/// <param name="Root">The parsed document, or null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the file could not be read or parsed.</param>
public sealed record JsonDocumentFile(string Path, JToken? Root, Diagnostic? Error);
