using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Types;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Loading;

/// <summary>An element while the loader works on it: read, resolved, validated, then frozen into a <see cref="LoadedElement"/>.</summary>
internal sealed class ElementDraft(ElementSource source)
{
    public ElementSource Source { get; } = source;

    public string FullName => Source.FullName;

    public int Layer => Source.Layer;

    /// <summary>The parsed <c>e.json</c>, or null when it could not be read.</summary>
    public JObject? Declaration { get; set; }

    /// <summary>The <c>type</c> string, when it is one.</summary>
    public string? TypeName { get; set; }

    /// <summary>The element on disk that <see cref="TypeName"/> names, when it names one.</summary>
    public ElementDraft? TypeElement { get; set; }

    /// <summary>The registered C# Type at the end of the chain, once resolved.</summary>
    public ElementTypeDescriptor? Implementation { get; set; }

    public bool Resolved { get; set; }

    /// <summary>The declared <c>accessModifier</c>.</summary>
    public ElementAccess Access { get; set; }

    /// <summary>The effective functionList, once resolved.</summary>
    public IReadOnlyList<Calls.ElementFunction> Functions { get; set; } = [];

    /// <summary>True when some element names this one as its <c>type</c>.</summary>
    public bool IsReferencedAsType { get; set; }

    /// <summary>The business configuration named by this element's own <c>frontBundleEntry</c>, placeholders expanded.</summary>
    public JObject? Configuration { get; set; }

    public string? ConfigurationPath { get; set; }

    /// <summary>Unset <c>${NAME}</c> variables in <see cref="Configuration"/>: the instance cannot be created until they are set.</summary>
    public List<UnsetVariable> UnsetVariables { get; } = [];

    public List<Diagnostic> Diagnostics { get; } = [];

    public bool HasErrors => Diagnostics.Exists(d => d.IsError);

    /// <summary>The position of a top-level key's value in <c>e.json</c>, for diagnostics about it.</summary>
    public (int Line, int Column) PositionOf(string key) => Json.LineInfo.Of(Declaration?[key] ?? Declaration);

    public void Error(string key, string code, string message)
    {
        var (line, column) = PositionOf(key);
        Diagnostics.Add(Diagnostic.Error(Source.DisplayPath, line, column, code, message));
    }
}
