using JitRuntime.Diagnostics;
using JitRuntime.Elements;

namespace JitRuntime.Loading;

/// <summary>What <see cref="ElementScanner"/> found under one <c>elements/</c> folder.</summary>
/// <param name="Elements">Every folder holding an <c>e.json</c> whose path is a valid fullName.</param>
/// <param name="Diagnostics">Folders skipped and why.</param>
public sealed record ElementScanResult(IReadOnlyList<ElementSource> Elements, IReadOnlyList<Diagnostic> Diagnostics);
